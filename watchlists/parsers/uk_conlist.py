"""The UK OFSI Consolidated List in its ConList.csv layout: one row per name variation."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from watchlists.entities import EntityKind, ListEntity, ListSnapshot, NameQuality
from watchlists.parsers.aliases import AliasSet, unique
from watchlists.parsers.dates import dmy_date, to_date
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.text import clean, csv_table, decode_text

__all__ = ["parse_uk_csv"]

_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "ship": EntityKind.VESSEL,
}
_NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_REQUIRED = {"Name 6", "Group ID", "Group Type"}
_UN_REF = re.compile(r"\(UN Ref\):\s*([A-Z]{2}[ie]\.\d+)")
_NUMBERED = re.compile(r"\(\d+\)")


def parse_uk_csv(data: bytes, file: str = "ConList.csv") -> ListSnapshot:
    """Parse ConList.csv, grouping its rows by Group ID into one entity each."""
    lines = decode_text(data, file).splitlines(keepends=True)
    published = None
    first = 0
    if lines and lines[0].lower().startswith("last updated"):
        published = _published(lines[0])
        first = 1
    header, records = csv_table("".join(lines[first:]), file, first + 1)
    missing = _REQUIRED - set(header)
    if missing:
        raise ListFormatError(
            file, f"line {first + 1}", f"header lacks column(s) {', '.join(sorted(missing))}"
        )
    groups: dict[str, list[dict[str, str]]] = {}
    problems: list[str] = []
    for line, row in records:
        if row is None:
            problems.append(f"{file} line {line}: wrong number of fields; skipped")
            continue
        group = clean(row["Group ID"])
        if not group:
            problems.append(f"{file} line {line}: no Group ID; skipped")
            continue
        groups.setdefault(group, []).append(row)
    entities = []
    for group, rows in groups.items():
        entity = _entity(group, rows)
        if entity is None:
            problems.append(f"{file}: Group ID {group} has no name in any row; skipped")
        else:
            entities.append(entity)
    if not entities:
        raise ListFormatError(file, f"line {first + 2}", "no rows with a Group ID and a name")
    return ListSnapshot(
        list_name="uk",
        entities=tuple(entities),
        published=published,
        source=file,
        problems=tuple(problems),
    )


def _entity(group: str, rows: list[dict[str, str]]) -> ListEntity | None:
    """One group's rows as an entity: the "Primary name" row names it, the others are aliases."""
    named = [(row, _row_name(row)) for row in rows]
    named = [(row, name) for row, name in named if name]
    if not named:
        return None
    primary_row, primary = min(named, key=lambda pair: _primary_rank(pair[0]))
    aliases = AliasSet(primary)
    for row, name in named:
        low = clean(row.get("Alias Quality", "")).lower().startswith("low")
        aliases.add(name, NameQuality.LOW if low else NameQuality.STRONG)
    for row in rows:
        script = clean(row.get("Non-Latin Script Type", "")).lower() or None
        aliases.add(clean(row.get("Name Non-Latin Script", "")), script=script)
    other = " ".join(unique([clean(row.get("Other Information", "")) for row in rows]))
    return ListEntity(
        list_name="uk",
        ref=group,
        kind=_KINDS.get(clean(primary_row["Group Type"]).lower(), EntityKind.UNKNOWN),
        name=primary,
        aliases=aliases.names(),
        programmes=unique([clean(row.get("Regime", "")) for row in rows]),
        listed_on=to_date(dmy_date(clean(primary_row.get("Listed On", ""))) or ""),
        nationalities=unique([n for row in rows for n in _numbered(row.get("Nationality", ""))]),
        birth_dates=unique([d for row in rows for d in _dobs(row.get("DOB", ""))]),
        same_as=unique([f"un:{ref}" for ref in _UN_REF.findall(other)]),
        remarks=other or None,
    )


def _row_name(row: dict[str, str]) -> str:
    """Names 1 to 5 (given names) then Name 6 (the surname)."""
    return " ".join(p for p in (clean(row.get(c, "")) for c in _NAME_COLUMNS) if p)


def _primary_rank(row: dict[str, str]) -> int:
    """Order rows so the primary name comes first, then its variations, then aliases."""
    alias_type = clean(row.get("Alias Type", "")).lower()
    if alias_type == "primary name":
        return 0
    return 1 if alias_type.startswith("primary") else 2


def _numbered(value: str) -> list[str]:
    """Split "(1) Russia (2) Israel" into its parts."""
    return [clean(part).rstrip(",;") for part in _NUMBERED.split(value) if clean(part)]


def _dobs(value: str) -> list[str]:
    """Dates of birth, possibly several numbered ones, in dd/mm/yyyy with 00 for unknown."""
    return [d for part in _numbered(value) if (d := dmy_date(part))]


def _published(line: str) -> datetime | None:
    """The "Last Updated,dd/mm/yyyy" first line as midnight UTC."""
    iso = dmy_date(line.split(",", 1)[-1].strip().strip('"'))
    day = to_date(iso)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
