"""HTML to plain text: trafilatura for whole article pages, lxml for fragments."""

from __future__ import annotations

import logging
import re

import lxml.html  # type: ignore[import-untyped]
import trafilatura
from lxml.etree import ParserError  # type: ignore[import-untyped]

__all__ = ["fragment_to_text", "html_title", "page_to_text"]

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Elements whose text is never part of what a reader sees.
_INVISIBLE = ("script", "style", "noscript", "template", "head")
# Elements that end a line when turned into text.
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
}


def page_to_text(html: str, *, url: str | None = None) -> str:
    """The main text of an article page (boilerplate removed); falls back to all visible text."""
    # trafilatura logs at WARNING for pages it finds empty: that is not our error.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # trafilatura is a heuristic library; a failure means "use the fallback"
        text = None
    if text and text.strip():
        return _tidy(text)
    return fragment_to_text(html)


def fragment_to_text(html: str) -> str:
    """All visible text of an HTML fragment or page, one block a line."""
    if not html.strip():
        return ""
    if "<" not in html:
        return _tidy(html)
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", html))
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_title(html: str) -> str | None:
    """The page's <title>, if any."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None
    title = root.findtext(".//title")
    return " ".join(title.split()) or None if title else None
