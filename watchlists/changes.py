"""What changed between two versions of one list: pure, on entity keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from watchlists.entities import ListEntity

__all__ = ["EntityChange", "diff_entities"]


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity an update added or removed: its key and its primary name."""

    key: str
    name: str


def diff_entities(
    old: Mapping[str, str], new: Iterable[ListEntity]
) -> tuple[list[EntityChange], list[EntityChange]]:
    """Compare the installed version ({key: name}) with a new one; return (added, removed).

    Both lists are sorted by key. An entity whose name changed is neither: its key, the
    list's own identifier, is what says it is the same entry.
    """
    new_names = {entity.key: entity.name for entity in new}
    added = [EntityChange(key, new_names[key]) for key in sorted(new_names.keys() - old.keys())]
    removed = [EntityChange(key, old[key]) for key in sorted(old.keys() - new_names.keys())]
    return added, removed
