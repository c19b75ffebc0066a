"""Parsing the many ways lists write dates into ISO strings and dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

__all__ = ["dmy_date", "iso_partial", "ofac_dates", "to_date", "utc_midnight", "year_range"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MON_YEAR = re.compile(r"(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]* (\d{4})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def iso_partial(year: int, month: int = 0, day: int = 0) -> str:
    """Build "YYYY", "YYYY-MM" or "YYYY-MM-DD", dropping parts that are zero or invalid."""
    if not month:
        return f"{year:04d}"
    if not day:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def year_range(first: int, last: int) -> list[str]:
    """Each year from `first` to `last`; only the two ends when the span is wide."""
    if last < first:
        first, last = last, first
    if last - first > 10:
        return [str(first), str(last)]
    return [str(y) for y in range(first, last + 1)]


def ofac_dates(text: str) -> list[str]:
    """Parse an OFAC date phrase: "11 Mar 1957", "Mar 1957", "circa 1957", "1960 to 1962"."""
    text = text.strip().rstrip(".")
    found = [
        iso_partial(int(y), _MONTHS.get(m.lower()[:3], 0), int(d) if d else 0)
        for d, m, y in _DAY_MON_YEAR.findall(text)
        if m.lower()[:3] in _MONTHS
    ]
    if found:
        return found
    years = [int(y) for y in _YEAR.findall(text)]
    if " to " in text and len(years) == 2:
        return year_range(years[0], years[1])
    return [str(y) for y in years]


def dmy_date(text: str) -> str | None:
    """Parse "dd/mm/yyyy" (zeros for unknown parts, as the UK list writes them) or "yyyy"."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return iso_partial(year, month, day) if year else None
    if re.fullmatch(r"\d{4}", text):
        return text
    return None


def to_date(iso: str | None) -> date | None:
    """A full ISO date string as a `date`, else None."""
    if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return date.fromisoformat(iso)
    return None


def utc_midnight(day: date | None) -> datetime | None:
    """The start of `day` in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
