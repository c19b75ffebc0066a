"""OpenSanctions exports: `targets.simple.csv` and FollowTheMoney JSON lines."""

from __future__ import annotations

import json
import re
from typing import Any

from watchlists.entities import EntityKind, ListEntity, ListSnapshot, NameQuality
from watchlists.parsers.aliases import AliasSet, unique
from watchlists.parsers.dates import to_date
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.text import clean, csv_table, decode_text, split_values

__all__ = ["parse_ftm_json", "parse_opensanctions_csv", "referent_same_as"]

OPENSANCTIONS_URL = "https://www.opensanctions.org/entities/{}/"
_KINDS = {
    "person": EntityKind.PERSON,
    "company": EntityKind.ORGANISATION,
    "organization": EntityKind.ORGANISATION,
    "legalentity": EntityKind.ORGANISATION,
    "publicbody": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "airplane": EntityKind.AIRCRAFT,
}
_CSV_COLUMNS = {"id", "schema", "name"}
# OpenSanctions ids of source records that keep the source list's own id: "ofac-10465" is
# OFAC entry 10465, "gb-hmt-11241" is UK OFSI Group ID 11241.
_REFERENTS = (
    (re.compile(r"ofac-(\d+)"), "ofac"),
    (re.compile(r"gb-hmt-(\d+)"), "uk"),
)
_FTM_ALIASES = (
    ("alias", NameQuality.STRONG),
    ("previousName", NameQuality.STRONG),
    ("weakAlias", NameQuality.WEAK),
)


def referent_same_as(ids: list[str]) -> tuple[str, ...]:
    """Refs on our other lists named by OpenSanctions source-record ids."""
    found = []
    for record_id in ids:
        for pattern, list_name in _REFERENTS:
            match = pattern.fullmatch(record_id)
            if match:
                found.append(f"{list_name}:{match.group(1)}")
    return unique(found)


def parse_opensanctions_csv(data: bytes, file: str = "targets.simple.csv") -> ListSnapshot:
    """Parse a targets.simple.csv export (id, schema, name, aliases, birth_date, countries...)."""
    header, records = csv_table(decode_text(data, file), file)
    missing = _CSV_COLUMNS - set(header)
    if missing:
        raise ListFormatError(
            file, "line 1", f"header lacks column(s) {', '.join(sorted(missing))}"
        )
    entities: list[ListEntity] = []
    problems: list[str] = []
    for line, row in records:
        if row is None:
            problems.append(f"{file} line {line}: wrong number of fields; skipped")
            continue
        ref, name = clean(row["id"]), clean(row["name"])
        if not ref or not name:
            problems.append(f"{file} line {line}: no id or name; skipped")
            continue
        aliases = AliasSet(name)
        for alias in split_values(row.get("aliases", "")):
            aliases.add(alias)
        entities.append(
            ListEntity(
                list_name="opensanctions",
                ref=ref,
                kind=_KINDS.get(clean(row["schema"]).lower(), EntityKind.UNKNOWN),
                name=name,
                aliases=aliases.names(),
                programmes=unique(split_values(row.get("program_ids", ""))),
                nationalities=unique(split_values(row.get("countries", ""))),
                birth_dates=unique(split_values(row.get("birth_date", ""))),
                url=OPENSANCTIONS_URL.format(ref),
                remarks=clean(row.get("sanctions", "")).strip('"') or None,
            )
        )
    if not entities:
        raise ListFormatError(file, "line 2", "no rows with an id and a name")
    return ListSnapshot("opensanctions", tuple(entities), None, file, tuple(problems))


def parse_ftm_json(data: bytes, file: str = "entities.ftm.json") -> ListSnapshot:
    """Parse FollowTheMoney entities, one JSON object a line; non-target schemas are skipped."""
    entities: list[ListEntity] = []
    problems: list[str] = []
    for line, text in enumerate(decode_text(data, file).splitlines(), 1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ListFormatError(file, f"line {line}", f"malformed JSON: {exc.msg}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
            raise ListFormatError(file, f"line {line}", "not a FollowTheMoney entity object")
        kind = _KINDS.get(str(record.get("schema", "")).lower())
        if kind is None:
            continue  # addresses, sanctions, ownership links: not names to watch
        entity = _ftm_entity(record, kind)
        if isinstance(entity, str):
            problems.append(f"{file} line {line}: {entity}; skipped")
        else:
            entities.append(entity)
    if not entities:
        raise ListFormatError(file, "line 1", "no Person, Company, Organization or Vessel entities")
    return ListSnapshot("opensanctions", tuple(entities), None, file, tuple(problems))


def _ftm_entity(record: dict[str, Any], kind: EntityKind) -> ListEntity | str:
    """One FtM entity with its names, or the reason it cannot be read."""
    props: dict[str, Any] = record["properties"]
    ref = str(record.get("id") or "")
    names = _values(props, "name")
    if not ref or not names:
        return "no id or name"
    # The caption is the name OpenSanctions shows; the other names are translations.
    caption = str(record.get("caption") or "")
    primary = caption if caption in names else names[0]
    aliases = AliasSet(primary)
    for name in names:
        aliases.add(name)
    for prop, quality in _FTM_ALIASES:
        for name in _values(props, prop):
            aliases.add(name, quality)
    countries = _values(props, "nationality") + _values(props, "country")
    referents = [str(r) for r in record.get("referents", []) if isinstance(r, str)]
    created = _values(props, "createdAt")
    return ListEntity(
        list_name="opensanctions",
        ref=ref,
        kind=kind,
        name=primary,
        aliases=aliases.names(),
        programmes=unique(_values(props, "program") + _values(props, "programId")),
        listed_on=to_date(created[0][:10]) if created else None,
        nationalities=unique(countries),
        birth_dates=unique(_values(props, "birthDate")),
        url=OPENSANCTIONS_URL.format(ref),
        same_as=referent_same_as(referents),
        remarks=" ".join(_values(props, "notes")) or None,
    )


def _values(props: dict[str, Any], name: str) -> list[str]:
    """A property's string values, trimmed."""
    values = props.get(name, [])
    if not isinstance(values, list):
        values = [values]
    return [clean(str(v)) for v in values if clean(str(v))]
