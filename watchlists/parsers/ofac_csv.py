"""The OFAC SDN list as its official CSV set: sdn.csv with alt.csv, add.csv, sdn_comments.csv."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from watchlists.entities import EntityKind, ListEntity, ListSnapshot, NameQuality
from watchlists.parsers.aliases import AliasSet, unique
from watchlists.parsers.dates import ofac_dates
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.text import clean, csv_rows, decode_text

__all__ = ["OFAC_URL", "ofac_programmes", "ofac_remark_facts", "parse_ofac_csv"]

OFAC_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
_KINDS = {
    "individual": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.ORGANISATION,
}
# Weak aliases are not in alt.csv: OFAC writes them into the remarks, quoted.
_WEAK_AKA = re.compile(r"\b[afn]\.k\.a\.,? '([^']+)'")
_DOB = re.compile(r"\bDOB ([^;]+)")
_NATIONALITY = re.compile(r"\bnationality ([^;]+)")
_MAX_LISTED_PROBLEMS = 20


@dataclass
class _Entry:
    """An SDN row while its alias and comment rows are being added."""

    ref: str
    kind: EntityKind
    name: str
    programmes: tuple[str, ...]
    remarks: str
    flag: str = ""  # a vessel's flag state, the nearest thing a ship has to a nationality
    aliases: AliasSet = field(init=False)

    def __post_init__(self) -> None:
        self.aliases = AliasSet(self.name)


def parse_ofac_csv(files: Mapping[str, bytes]) -> ListSnapshot:
    """Parse the SDN CSV set; `files` maps file names (any folder) to their bytes."""
    by_base = {name.replace("\\", "/").rsplit("/", 1)[-1].lower(): name for name in files}
    if "sdn.csv" not in by_base:
        raise ListFormatError(", ".join(sorted(files)) or "(no files)", "", "sdn.csv is required")
    sdn_name = by_base["sdn.csv"]
    problems: list[str] = []
    entries = _read_sdn(files[sdn_name], sdn_name, problems)
    if "sdn_comments.csv" in by_base:
        name = by_base["sdn_comments.csv"]
        _read_comments(files[name], name, entries, problems)
    if "alt.csv" in by_base:
        name = by_base["alt.csv"]
        _read_alt(files[name], name, entries, problems)
    if "add.csv" in by_base:
        name = by_base["add.csv"]
        _check_add(files[name], name, entries, problems)
    return ListSnapshot(
        list_name="ofac",
        entities=tuple(_finish(entry) for entry in entries.values()),
        published=None,  # the CSV set carries no publication date
        source=", ".join(sorted(files)),
        problems=tuple(problems),
    )


def ofac_programmes(value: str) -> tuple[str, ...]:
    """Split OFAC's "SDGT] [SYRIA] [IRGC" programme field."""
    return unique([clean(p.strip("[] ")) for p in value.split("] [")])


def ofac_remark_facts(remarks: str) -> tuple[list[str], list[str], list[str]]:
    """Dates of birth, nationalities and weak aliases written in OFAC remarks."""
    dobs = [d for m in _DOB.finditer(remarks) for d in ofac_dates(m.group(1))]
    nationalities = [clean(m.group(1)).rstrip(".") for m in _NATIONALITY.finditer(remarks)]
    weak = [m.group(1) for m in _WEAK_AKA.finditer(remarks)]
    return dobs, nationalities, weak


def _read_sdn(data: bytes, file: str, problems: list[str]) -> dict[str, _Entry]:
    """The main rows: ent_num, name, type, programmes, title, vessel fields..., remarks."""
    entries: dict[str, _Entry] = {}
    for line, row in csv_rows(decode_text(data, file), file):
        if len(row) != 12:
            problems.append(f"{file} line {line}: expected 12 fields, got {len(row)}; skipped")
            continue
        ref, name = clean(row[0]), clean(row[1])
        if not ref.isdigit() or not name:
            problems.append(f"{file} line {line}: no entry number or name; skipped")
            continue
        if ref in entries:
            problems.append(f"{file} line {line}: entry {ref} repeated; later row skipped")
            continue
        kind = _KINDS.get(clean(row[2]).lower(), EntityKind.UNKNOWN)
        flag = clean(row[9]) if kind is EntityKind.VESSEL else ""
        entries[ref] = _Entry(ref, kind, name, ofac_programmes(row[3]), clean(row[11]), flag)
    if not entries:
        raise ListFormatError(file, "line 1", "no SDN entries (expected rows of 12 fields)")
    return entries


def _read_comments(data: bytes, file: str, entries: dict[str, _Entry], problems: list[str]) -> None:
    """sdn_comments.csv continues remarks that sdn.csv cut off at 1,000 characters."""
    dangling = _Dangling(file, problems)
    for line, row in csv_rows(decode_text(data, file), file):
        ref = clean(row[0])
        entry = entries.get(ref)
        if entry is None or len(row) < 2:
            dangling.add(line, ref)
            continue
        # The cut falls mid-word, so the continuation is appended without a space.
        entry.remarks += row[1].strip()
    dangling.report()


def _read_alt(data: bytes, file: str, entries: dict[str, _Entry], problems: list[str]) -> None:
    """alt.csv: ent_num, alt_num, type (aka/fka/nka), name, remarks."""
    dangling = _Dangling(file, problems)
    for line, row in csv_rows(decode_text(data, file), file):
        if len(row) < 4:
            problems.append(f"{file} line {line}: expected 5 fields, got {len(row)}; skipped")
            continue
        ref = clean(row[0])
        entry = entries.get(ref)
        if entry is None:
            dangling.add(line, ref)
            continue
        remarks = clean(row[4]) if len(row) > 4 else ""
        weak = "weak" in clean(row[2]).lower() or "weak" in remarks.lower()
        entry.aliases.add(clean(row[3]), NameQuality.WEAK if weak else NameQuality.STRONG)
    dangling.report()


def _check_add(data: bytes, file: str, entries: dict[str, _Entry], problems: list[str]) -> None:
    """add.csv holds addresses, which Watchbot does not use; only check it names known entries."""
    dangling = _Dangling(file, problems)
    for line, row in csv_rows(decode_text(data, file), file):
        if clean(row[0]) not in entries:
            dangling.add(line, clean(row[0]))
    dangling.report()


class _Dangling:
    """Rows naming entries that sdn.csv lacks: listed one by one, summarised past a few."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        self.count = 0

    def add(self, line: int, ref: str) -> None:
        """Count one dangling row; list only the first few."""
        self.count += 1
        if self.count <= _MAX_LISTED_PROBLEMS:
            self.problems.append(f"{self.file} line {line}: entry {ref} not in sdn.csv")

    def report(self) -> None:
        """Add the total when more rows dangled than were listed."""
        if self.count > _MAX_LISTED_PROBLEMS:
            self.problems.append(
                f"{self.file}: {self.count} rows name entries not in sdn.csv "
                f"(first {_MAX_LISTED_PROBLEMS} listed above)"
            )


def _finish(entry: _Entry) -> ListEntity:
    """Freeze an entry, reading DOBs, nationalities and weak aliases from its remarks."""
    dobs, nationalities, weak = ofac_remark_facts(entry.remarks)
    for alias in weak:
        entry.aliases.add(alias, NameQuality.WEAK)
    return ListEntity(
        list_name="ofac",
        ref=entry.ref,
        kind=entry.kind,
        name=entry.name,
        aliases=entry.aliases.names(),
        programmes=entry.programmes,
        nationalities=unique([entry.flag, *nationalities]),
        birth_dates=unique(dobs),
        url=OFAC_URL.format(entry.ref),
        remarks=entry.remarks or None,
    )
