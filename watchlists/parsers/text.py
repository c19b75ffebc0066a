"""Decoding list files to text and reading their CSV rows with line numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from watchlists.parsers.errors import ListFormatError

__all__ = ["clean", "csv_rows", "csv_table", "decode_text", "is_blank", "split_values"]

# Ctrl-Z: the DOS end-of-file mark the official OFAC CSV files still end with.
_EOF_MARK = "\x1a"


def decode_text(data: bytes, file: str) -> str:
    """Decode a list file: UTF-8 (BOM or not) first, then cp1252, then Latin-1.

    Official OFAC CSV files are Latin-1 and UK files may come as cp1252; a non-ASCII
    Latin-1 text is almost never valid UTF-8, so trying UTF-8 first is safe.
    """
    if is_blank(data):
        raise ListFormatError(file, "line 1", "file is empty")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise ListFormatError(file, "", "binary content (NUL bytes); not a text list file")
    return text.rstrip().rstrip(_EOF_MARK)


def is_blank(data: bytes) -> bool:
    """True when `data` holds nothing but a byte-order mark and white space."""
    return not data.removeprefix(b"\xef\xbb\xbf").strip()


def csv_rows(text: str, file: str, first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for each non-blank CSV record; broken quoting is fatal.

    The line number is where the record starts (records may span lines); `first_line` is
    the number of the first line of `text` in its file.
    """
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    start = first_line
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + first_line
    except csv.Error as exc:
        raise ListFormatError(file, f"line {start}", f"malformed CSV: {exc}") from exc


def csv_table(
    text: str, file: str, first_line: int = 1
) -> tuple[list[str], Iterator[tuple[int, dict[str, str] | None]]]:
    """The header row, and (line, row as a dict) per record; None for a wrong field count."""
    rows = csv_rows(text, file, first_line)
    first = next(rows, None)
    header = [clean(name) for name in first[1]] if first else []

    def records() -> Iterator[tuple[int, dict[str, str] | None]]:
        for line, row in rows:
            yield line, dict(zip(header, row, strict=True)) if len(row) == len(header) else None

    return header, records()


def clean(value: str | None) -> str:
    """Trim a field; OFAC's `-0-` and blank fields become the empty string."""
    if value is None:
        return ""
    value = " ".join(value.split())
    return "" if value == "-0-" else value


def split_values(value: str, sep: str = ";") -> list[str]:
    """Split a multi-valued field and drop the empty parts."""
    return [part for part in (clean(p) for p in value.split(sep)) if part]
