"""Telling list formats apart by their content, with the file name only as a tie-breaker."""

from __future__ import annotations

import re

from watchlists.parsers.errors import ListFormatError

__all__ = ["FORMATS", "detect_format"]

FORMATS = ("un-xml", "ofac-csv", "ofac-xml", "uk-csv", "opensanctions-csv", "ftm-json")

_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
# sdn.csv, alt.csv, add.csv and sdn_comments.csv all start with an entry number.
_OFAC_ROW = re.compile(r'^\d+,(?:"|-0-|\d+,)')


def detect_format(data: bytes, filename: str = "") -> str:
    """Name the list format of `data` (one of FORMATS) or raise ListFormatError.

    Every supported format is recognisable from its first bytes (root element, header or row
    shape), so the content decides; `filename` only names the file in the error.
    """
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ListFormatError(filename or "(data)", "line 1", "file is empty")
    if head.startswith(b"{"):
        # A JSON line can be long, and "schema" may come after large properties.
        first = data[: 2**20].lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        fmt: str | None = "ftm-json" if b'"schema"' in first else None
    else:
        fmt = _content_format(head)
    if fmt:
        return fmt
    raise ListFormatError(
        filename or "(data)",
        "line 1",
        "unknown list format; expected UN or OFAC XML, OFAC SDN CSV, UK ConList CSV, "
        "OpenSanctions targets.simple.csv or FollowTheMoney JSON lines",
    )


def _content_format(head: bytes) -> str | None:
    """The format the first bytes of a file show, if any."""
    if head.startswith(b"<"):
        return _xml_format(head)
    first_line = head.split(b"\n", 1)[0].decode("latin-1").strip()
    fields = [f.strip().strip('"').lower() for f in first_line.split(",")]
    if fields[:1] == ["last updated"] or {"group id", "name 6"} <= set(fields):
        return "uk-csv"
    if fields[:3] == ["id", "schema", "name"]:
        return "opensanctions-csv"
    if _OFAC_ROW.match(first_line):
        return "ofac-csv"
    return None


def _xml_format(head: bytes) -> str | None:
    """The root element decides: CONSOLIDATED_LIST is the UN, sdnList is OFAC."""
    for match in _XML_ROOT.finditer(head):
        tag = match.group(2)
        if tag == b"CONSOLIDATED_LIST":
            return "un-xml"
        if tag == b"sdnList":
            return "ofac-xml"
        return None
    return None
