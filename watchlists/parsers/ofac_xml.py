"""OFAC lists in their XML schema (`sdnList`): sdn.xml and the consolidated non-SDN list."""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree.ElementTree import Element

from watchlists.entities import EntityKind, ListEntity, ListSnapshot, NameQuality
from watchlists.parsers.aliases import AliasSet, unique
from watchlists.parsers.dates import ofac_dates, utc_midnight
from watchlists.parsers.errors import ListFormatError
from watchlists.parsers.ofac_csv import OFAC_URL
from watchlists.parsers.xmlsafe import child_text, children, parse_xml

__all__ = ["parse_ofac_xml"]

_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}


def parse_ofac_xml(data: bytes, file: str = "sdn.xml") -> ListSnapshot:
    """Parse an OFAC `sdnList` XML document (namespaced or not)."""
    root = parse_xml(data, file)
    if root.tag != "sdnList":
        raise ListFormatError(file, f"root element <{root.tag}>", "expected <sdnList>")
    entities: list[ListEntity] = []
    problems: list[str] = []
    for index, element in enumerate(root.iterfind("sdnEntry"), 1):
        entity = _entity(element)
        if isinstance(entity, str):
            problems.append(f"{file}: <sdnEntry> #{index}: {entity}; skipped")
        else:
            entities.append(entity)
    if not entities:
        raise ListFormatError(file, "<sdnList>", "no <sdnEntry> elements")
    # The official files spell it "publshInformation"; accept the correct spelling too.
    published = child_text(root, "publshInformation/Publish_Date") or child_text(
        root, "publishInformation/Publish_Date"
    )
    return ListSnapshot(
        list_name="ofac",
        entities=tuple(entities),
        published=_us_date(published),
        source=file,
        problems=tuple(problems),
    )


def _entity(element: Element) -> ListEntity | str:
    """One sdnEntry, or the reason it cannot be read."""
    ref = child_text(element, "uid")
    name = _name(element)
    if not ref:
        return "no <uid>"
    if not name:
        return f"uid {ref} has no <lastName>"
    aliases = AliasSet(name)
    for aka in element.iterfind("akaList/aka"):
        weak = child_text(aka, "category").lower() == "weak"
        aliases.add(_name(aka), NameQuality.WEAK if weak else NameQuality.STRONG)
    dobs = [
        d
        for text in children(element, "dateOfBirthList/dateOfBirthItem/dateOfBirth")
        for d in ofac_dates(text)
    ]
    return ListEntity(
        list_name="ofac",
        ref=ref,
        kind=_KINDS.get(child_text(element, "sdnType").lower(), EntityKind.UNKNOWN),
        name=name,
        aliases=aliases.names(),
        programmes=unique(children(element, "programList/program")),
        nationalities=unique(children(element, "nationalityList/nationality/country")),
        birth_dates=unique(dobs),
        url=OFAC_URL.format(ref),
        remarks=child_text(element, "remarks") or None,
    )


def _name(element: Element) -> str:
    """ "LAST, First" as OFAC writes names in its CSV, or just the last name."""
    last, first = child_text(element, "lastName"), child_text(element, "firstName")
    return f"{last}, {first}" if last and first else last or first


def _us_date(value: str) -> datetime | None:
    """OFAC's "mm/dd/yyyy" publish date as midnight UTC."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return utc_midnight(datetime(year, month, day).date())
    except ValueError:
        return None
