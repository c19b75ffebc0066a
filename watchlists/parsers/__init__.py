"""Sanctions-list parsers: bytes in, a `ListSnapshot` out, no I/O of their own.

`detect_format` names the format from the content; `parse_list` parses one list (one file, or
the OFAC CSV set of sdn.csv with alt.csv, add.csv and sdn_comments.csv).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from watchlists.entities import ListSnapshot
from watchlists.parsers.detection import FORMATS, detect_format
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.ofac_csv import parse_ofac_csv
from watchlists.parsers.ofac_xml import parse_ofac_xml
from watchlists.parsers.opensanctions import parse_ftm_json, parse_opensanctions_csv
from watchlists.parsers.uk_conlist import parse_uk_csv
from watchlists.parsers.un_xml import parse_un_xml

__all__ = ["FORMATS", "ListFormatError", "detect_format", "parse_list"]

_SINGLE_FILE: dict[str, Callable[[bytes, str], ListSnapshot]] = {
    "un-xml": parse_un_xml,
    "ofac-xml": parse_ofac_xml,
    "uk-csv": parse_uk_csv,
    "opensanctions-csv": parse_opensanctions_csv,
    "ftm-json": parse_ftm_json,
}


def parse_list(files: Mapping[str, bytes], *, format: str | None = None) -> ListSnapshot:
    """Parse one list from `files` ({file name: bytes}); `format` overrides detection."""
    if not files:
        raise ListFormatError("(no files)", "", "nothing to parse")
    if format is not None and format not in FORMATS:
        raise ListFormatError(
            ", ".join(sorted(files)), "", f"unknown format {format!r}; known: {', '.join(FORMATS)}"
        )
    main = _main_file(files)
    fmt = format or detect_format(files[main], main)
    if fmt == "ofac-csv":
        return parse_ofac_csv(files)
    if len(files) > 1:
        raise ListFormatError(
            ", ".join(sorted(files)), "", f"{fmt} is one file per list; got {len(files)} files"
        )
    return _SINGLE_FILE[fmt](files[main], main)


def _main_file(files: Mapping[str, bytes]) -> str:
    """The file that decides the format: sdn.csv in an OFAC set, else the only file."""
    for name in files:
        if name.replace("\\", "/").rsplit("/", 1)[-1].lower() == "sdn.csv":
            return name
    return sorted(files)[0]
