"""Reading sanctions-list files from disk: the thin I/O edge in front of `watchlists.parsers`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from watchlists.entities import ListSnapshot
from watchlists.parsers import ListFormatError, merge_snapshots, parse_list

__all__ = ["DEFAULT_MAX_BYTES", "LIST_SUFFIXES", "read_list_paths", "seed_lists_dir"]

DEFAULT_MAX_BYTES = 200 * 2**20
# Files a folder scan reads; anything else in a list folder (README, .xlsx) is left alone.
LIST_SUFFIXES = (".xml", ".csv", ".json", ".jsonl", ".ndjson")
OFAC_SET = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


def seed_lists_dir() -> Path:
    """The small real list extracts bundled with the checkout (`seeds/lists/`)."""
    return Path(__file__).resolve().parents[1] / "seeds" / "lists"


def read_list_paths(
    paths: Sequence[Path], *, format: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ListSnapshot]:
    """Read and parse each list found at `paths` (files, or folders searched recursively).

    An OFAC CSV set (sdn.csv with alt.csv, add.csv, sdn_comments.csv in one folder) is read
    together, and files that hold the same list (OFAC's SDN set and its consolidated XML)
    become one snapshot, since a list is installed and replaced as a whole. Files over
    `max_bytes` are refused.
    """
    snapshots = []
    for group in _list_groups(paths):
        files = {str(path): _read_bounded(path, max_bytes) for path in group}
        snapshots.append(parse_list(files, format=format))
    return merge_snapshots(snapshots)


def _list_groups(paths: Sequence[Path]) -> list[list[Path]]:
    """The files of each list, in a stable order, each file at most once."""
    groups: list[list[Path]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LIST_SUFFIXES
            )
            if not candidates:
                raise ListFormatError(str(path), "", "folder holds no list files")
        elif path.is_file():
            candidates = [path]
        else:
            raise ListFormatError(str(path), "", "no such file or folder")
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved in seen:
                continue
            group = _ofac_set(candidate) if candidate.name.lower() in OFAC_SET else [candidate]
            seen.update(p.resolve() for p in group)
            groups.append(group)
    return groups


def _ofac_set(member: Path) -> list[Path]:
    """sdn.csv and whichever of its companion files sit beside `member`."""
    by_name = {p.name.lower(): p for p in member.parent.iterdir() if p.is_file()}
    return [by_name[name] for name in OFAC_SET if name in by_name] or [member]


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing it when it is larger than `max_bytes`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ListFormatError(
            str(path), "", f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
        )
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # the file may grow between stat and read
    if len(data) > max_bytes:
        raise ListFormatError(str(path), "", f"file is over the limit of {max_bytes:,} bytes")
    return data
