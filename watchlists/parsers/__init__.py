"""Sanctions-list parsers: bytes in, a `ListSnapshot` out, no I/O of their own.

`detect_format` names the format from the content; `parse_list` parses one list (one file, or
the OFAC CSV set of sdn.csv with alt.csv, add.csv and sdn_comments.csv).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from watchlists.entities import ListSnapshot
from watchlists.parsers.detection import FORMATS, detect_format
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.merging import merge_snapshots
from watchlists.parsers.ofac_csv import parse_ofac_csv
from watchlists.parsers.ofac_xml import parse_ofac_xml
from watchlists.parsers.opensanctions import parse_ftm_json, parse_opensanctions_csv
from watchlists.parsers.uk_conlist import parse_uk_csv
from watchlists.parsers.un_xml import parse_un_xml

__all__ = ["FORMATS", "ListFormatError", "detect_format", "merge_snapshots", "parse_list"]

# sdn.csv and its companions: one list in several files.
_OFAC_SET = frozenset({"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"})
_SINGLE_FILE: dict[str, Callable[[bytes, str], ListSnapshot]] = {
    "un-xml": parse_un_xml,
    "ofac-xml": parse_ofac_xml,
    "uk-csv": parse_uk_csv,
    "opensanctions-csv": parse_opensanctions_csv,
    "ftm-json": parse_ftm_json,
}


def parse_list(files: Mapping[str, bytes], *, format: str | None = None) -> ListSnapshot:
    """Parse one list from `files` ({file name: bytes}); `format` overrides detection.

    Files of several formats may hold one list (OFAC's SDN CSV set and its consolidated
    XML): each is parsed on its own and the results merged; they must name one list.
    """
    if not files:
        raise ListFormatError("(no files)", "", "nothing to parse")
    if format is not None and format not in FORMATS:
        raise ListFormatError(
            ", ".join(sorted(files)), "", f"unknown format {format!r}; known: {', '.join(FORMATS)}"
        )
    groups = _format_groups(files, format)
    snapshots = [_parse_group(fmt, group) for fmt, group in groups]
    names = sorted({s.list_name for s in snapshots})
    if len(names) > 1:
        raise ListFormatError(
            ", ".join(sorted(files)),
            "",
            f"files of different lists given as one: {', '.join(names)}",
        )
    (snapshot,) = merge_snapshots(snapshots)
    return snapshot


def _format_groups(
    files: Mapping[str, bytes], format: str | None
) -> list[tuple[str, dict[str, bytes]]]:
    """The OFAC CSV set as one group, every other file a group of its own."""
    ofac_set = {name: data for name, data in files.items() if _base(name) in _OFAC_SET}
    groups: list[tuple[str, dict[str, bytes]]] = []
    if ofac_set and (format in (None, "ofac-csv")):
        groups.append(("ofac-csv", ofac_set))
    for name in sorted(files):
        if name in ofac_set and groups and groups[0][0] == "ofac-csv":
            continue
        groups.append((format or detect_format(files[name], name), {name: files[name]}))
    return groups


def _parse_group(fmt: str, group: dict[str, bytes]) -> ListSnapshot:
    if fmt == "ofac-csv":
        return parse_ofac_csv(group)
    ((name, data),) = group.items()
    return _SINGLE_FILE[fmt](data, name)


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower()
