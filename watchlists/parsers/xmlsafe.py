"""Parsing list XML safely: no DTDs, no entity declarations, no external references."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.text import is_blank

__all__ = ["child_text", "children", "parse_xml"]


def parse_xml(data: bytes, file: str) -> Element:
    """Parse `data`, refusing DTDs and entities; strip namespaces from every tag."""
    if is_blank(data):
        raise ListFormatError(file, "line 1", "file is empty")
    try:
        root: Element = safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException as exc:
        # A sanctions list never needs a DTD; one here is an attack or a wrong file.
        raise ListFormatError(file, "prolog", f"refused unsafe XML ({type(exc).__name__})") from exc
    except ParseError as exc:
        line, column = exc.position
        raise ListFormatError(
            file, f"line {line}, column {column}", f"malformed XML: {exc}"
        ) from exc
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]
    return root


def child_text(element: Element, tag: str) -> str:
    """The whitespace-normalised text of the first child `tag`, or ""."""
    child = element.find(tag)
    if child is None or child.text is None:
        return ""
    return " ".join(child.text.split())


def children(element: Element, path: str) -> list[str]:
    """The non-empty normalised texts of every element at `path`."""
    found = []
    for child in element.iterfind(path):
        text = " ".join((child.text or "").split())
        if text:
            found.append(text)
    return found
