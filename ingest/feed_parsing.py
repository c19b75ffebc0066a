"""Feed bytes to documents: refuse entity tricks before feedparser sees them, then map entries."""

from __future__ import annotations

import calendar
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from ingest.documents import IncomingDocument
from ingest.html_text import fragment_to_text

__all__ = ["FeedFormatError", "ParsedFeed", "entity_refusal", "entry_document", "parse_feed"]

# The prolog is everything before the first element; DTDs and entities can only live there.
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DANGEROUS = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*(<!DOCTYPE\s+html|<html)", re.IGNORECASE | re.DOTALL
)
# bozo exceptions that only mean "the encoding or content type was not as declared".
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedFormatError(ValueError):
    """The bytes are not a usable feed; the message says why, for the feed's owner."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title and entries, plus a warning when entries were recovered from bad XML."""

    title: str | None
    entries: list[dict[str, Any]]
    warning: str | None = None


def entity_refusal(data: bytes) -> str | None:
    """Why `data` must not be parsed as XML (entity declarations, internal DTD), or None.

    feedparser keeps "safe-looking" entity declarations and hands the document to expat,
    so a billion-laughs or quadratic-blowup document must be stopped before it.
    """
    # UTF-16/32 put NULs between ASCII characters; dropping them makes the markup visible.
    head = data[:1_000_000].replace(b"\x00", b"")
    first = _FIRST_ELEMENT.search(head)
    prolog = head[: first.start()] if first else head
    if _DANGEROUS.search(prolog):
        return "refused: the document declares XML entities or an internal DTD (possible XML bomb)"
    return None


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes. Raises FeedFormatError for HTML, junk, bombs and unreadable XML."""
    refusal = entity_refusal(data)
    if refusal:
        raise FeedFormatError(refusal)
    if not data.strip():
        raise FeedFormatError("empty response: no feed")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and isinstance(problem, _HARMLESS_BOZO):
        problem = None
    entries = list(parsed.get("entries") or [])
    if not parsed.get("version"):
        if _HTML_START.search(data[:4096]) or "html" in (content_type or ""):
            raise FeedFormatError(
                f"not a feed: the server sent an HTML page ({content_type or 'no content type'})"
            )
        raise FeedFormatError(f"not an RSS or Atom feed{_where(problem)}")
    if problem is not None:
        if not entries:
            raise FeedFormatError(f"malformed feed XML{_where(problem)}")
        # The last entry of a broken document is the one most likely cut short; it comes
        # back whole in a later poll, since a recovered poll keeps no ETag.
        kept = entries[:-1]
        warning = (
            f"malformed feed XML{_where(problem)}; {len(kept)} of {len(entries)} entries "
            "recovered (the last one is held back as possibly incomplete)"
        )
        return ParsedFeed(_clean(parsed.feed.get("title")), kept, warning)
    return ParsedFeed(_clean(parsed.feed.get("title")), entries)


def entry_document(
    entry: dict[str, Any], *, source_label: str, source_id: int | None
) -> IncomingDocument | None:
    """An entry as a document (text from its content, else its summary); None if it has neither."""
    html = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(html):
            html = value
    summary = entry.get("summary") or ""
    if len(summary) > len(html):
        html = summary
    text = fragment_to_text(html)
    title = _clean(entry.get("title"))
    link = entry.get("link") or None
    if not text and not title:
        return None
    return IncomingDocument(
        text=text,
        title=title,
        url=link,
        published=_published(entry),
        source_label=source_label,
        source_id=source_id,
    )


def _published(entry: dict[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = fragment_to_text(value) if "<" in value else " ".join(value.split())
    return text or None


def _where(problem: object) -> str:
    if isinstance(problem, xml.sax.SAXParseException):
        return f" at line {problem.getLineNumber()}, column {problem.getColumnNumber()}: " + str(
            problem.getMessage()
        )
    return f": {problem}" if problem else ""
