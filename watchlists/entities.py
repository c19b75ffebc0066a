"""Sanctions-list entities and their names: frozen values shared by parsers, matcher, storage."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "EntityKind",
    "EntityName",
    "ListEntity",
    "ListSnapshot",
    "NameQuality",
    "entity_key",
]


class EntityKind(enum.StrEnum):
    """What a list entry is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameQuality(enum.StrEnum):
    """How much a list trusts a name: the primary name and good aliases are strong."""

    STRONG = "strong"
    WEAK = "weak"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class EntityName:
    """One spelling of an entity's name, as the list gives it."""

    name: str
    quality: NameQuality = NameQuality.STRONG
    # "latin" for names in Latin script, else the script or language the list names
    # (e.g. "cyrillic", "arabic", "ru"); None where the list says nothing.
    script: str | None = None


@dataclass(frozen=True, slots=True)
class ListEntity:
    """One entry of one sanctions list.

    `list_name` is one of "un", "ofac", "uk", "opensanctions"; `ref` is the list's own
    identifier (UN REFERENCE_NUMBER, OFAC entry number, UK Group ID, OpenSanctions id),
    so `f"{list_name}:{ref}"` is the ref users see.
    """

    list_name: str
    ref: str
    kind: EntityKind
    name: str
    aliases: tuple[EntityName, ...] = ()
    programmes: tuple[str, ...] = ()
    listed_on: date | None = None
    nationalities: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO dates or partial dates ("1957", "1957-03")
    url: str | None = None
    # Refs of the same entity on other lists when the list says so (e.g. "un:IRi.039").
    same_as: tuple[str, ...] = ()
    remarks: str | None = None

    @property
    def key(self) -> str:
        """The ref users see, `<list>:<id>`."""
        return entity_key(self.list_name, self.ref)

    def all_names(self) -> tuple[EntityName, ...]:
        """The primary name (strong) followed by every alias."""
        return (EntityName(self.name, NameQuality.STRONG), *self.aliases)


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """A whole list as one file (or set of files) gave it, with what was wrong on the way."""

    list_name: str
    entities: tuple[ListEntity, ...]
    published: datetime | None = None
    source: str = ""
    # Recoverable problems: rows skipped with file and line, alias rows for missing entries...
    problems: tuple[str, ...] = field(default=())


def entity_key(list_name: str, ref: str) -> str:
    """Build the user-facing ref `<list>:<id>`."""
    return f"{list_name}:{ref}"
