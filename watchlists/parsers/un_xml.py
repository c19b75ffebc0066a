"""The UN Security Council Consolidated List, official XML (`CONSOLIDATED_LIST`)."""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element

from watchlists.entities import EntityKind, ListEntity, ListSnapshot, NameQuality
from watchlists.parsers.aliases import AliasSet, unique
from watchlists.parsers.dates import to_date, year_range
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.xmlsafe import child_text, children, parse_xml

__all__ = ["parse_un_xml"]

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# "Good"/"a.k.a."/"f.k.a." are names the UN stands behind; "Low" ones are often bare nicknames.
_QUALITY = {"low": NameQuality.LOW}


def parse_un_xml(data: bytes, file: str = "consolidated.xml") -> ListSnapshot:
    """Parse the UN consolidated XML into a snapshot of individuals and entities."""
    root = parse_xml(data, file)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(file, f"root element <{root.tag}>", "expected <CONSOLIDATED_LIST>")
    entities: list[ListEntity] = []
    problems: list[str] = []
    for group, tag, kind in (
        ("INDIVIDUALS", "INDIVIDUAL", EntityKind.PERSON),
        ("ENTITIES", "ENTITY", EntityKind.ORGANISATION),
    ):
        for index, element in enumerate(root.iterfind(f"{group}/{tag}"), 1):
            entity = _entity(element, tag, kind)
            if isinstance(entity, str):
                problems.append(f"{file}: <{tag}> #{index}: {entity}; skipped")
            else:
                entities.append(entity)
    if not entities:
        raise ListFormatError(file, "<CONSOLIDATED_LIST>", "no INDIVIDUAL or ENTITY entries")
    return ListSnapshot(
        list_name="un",
        entities=tuple(entities),
        published=_generated(root.get("dateGenerated", "")),
        source=file,
        problems=tuple(problems),
    )


def _entity(element: Element, tag: str, kind: EntityKind) -> ListEntity | str:
    """One INDIVIDUAL or ENTITY, or the reason it cannot be read."""
    ref = child_text(element, "REFERENCE_NUMBER")
    name = " ".join(p for p in (child_text(element, part) for part in _NAME_PARTS) if p)
    if not ref:
        return f"no REFERENCE_NUMBER (DATAID {child_text(element, 'DATAID') or '?'})"
    if not name:
        return f"{ref} has no FIRST_NAME"
    aliases = AliasSet(name)
    for alias in element.iterfind(f"{tag}_ALIAS"):
        quality = _QUALITY.get(child_text(alias, "QUALITY").lower(), NameQuality.STRONG)
        for spelling in child_text(alias, "ALIAS_NAME").split(";"):
            aliases.add(spelling, quality)
    for original in children(element, "NAME_ORIGINAL_SCRIPT"):
        aliases.add(original)
    return ListEntity(
        list_name="un",
        ref=ref,
        kind=kind,
        name=name,
        aliases=aliases.names(),
        programmes=unique(children(element, "UN_LIST_TYPE")),
        listed_on=to_date(child_text(element, "LISTED_ON")[:10]),
        nationalities=unique(children(element, "NATIONALITY/VALUE")),
        birth_dates=unique(_birth_dates(element)),
        remarks=child_text(element, "COMMENTS1") or None,
    )


def _birth_dates(element: Element) -> list[str]:
    """Dates of birth: exact DATE, YEAR, or every year from FROM_YEAR to TO_YEAR."""
    found: list[str] = []
    for dob in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        exact = child_text(dob, "DATE")[:10]
        year = child_text(dob, "YEAR")
        first, last = child_text(dob, "FROM_YEAR"), child_text(dob, "TO_YEAR")
        if exact:
            found.append(exact)
        elif year.isdigit():
            found.append(year)
        elif first.isdigit() and last.isdigit():
            found.extend(year_range(int(first), int(last)))
    # Some aliases carry their own date of birth (other identities of the same person).
    found.extend(d[:10] for d in children(element, "INDIVIDUAL_ALIAS/DATE_OF_BIRTH"))
    return found


def _generated(value: str) -> datetime | None:
    """The list's dateGenerated attribute as an aware datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
