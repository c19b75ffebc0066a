"""Collecting an entry's alias spellings without repeats."""

from __future__ import annotations

import re

from watchlists.entities import EntityName, NameQuality
from watchlists.parsers.scripts import detect_script

__all__ = ["AliasSet", "unique"]

# A patronymic joined to the given name is a space lost: one list writes Russian names as
# "ФЕДОРОВ БорисВладимирович", which no news text does. Only before a patronymic: a capital
# inside a Cyrillic word is also a brand's ("РусГидро", "КамАЗ").
_LOST_SPACE = re.compile(
    "(?<=[\u0430-\u045f\u0491]{2})(?=[\u0400-\u042f\u0490][\u0430-\u045f\u0491]+"
    "(?:вич|вна|ична|ич)\\b)"
)


class AliasSet:
    """Aliases of one entry in list order; a spelling seen twice keeps its strongest quality."""

    _RANK = {NameQuality.STRONG: 0, NameQuality.WEAK: 1, NameQuality.LOW: 2}

    def __init__(self, primary: str = "") -> None:
        self.primary = primary
        self._names: dict[str, EntityName] = {}

    def add(
        self, name: str, quality: NameQuality = NameQuality.STRONG, script: str | None = None
    ) -> None:
        """Add one spelling; quotes and repeated spaces dropped, a lost one put back."""
        name = _LOST_SPACE.sub(" ", " ".join(name.split()).strip("\"'“”‘’ "))
        if not name:
            return
        key = name.casefold()
        if key == self.primary.casefold():
            return
        known = self._names.get(key)
        if known is not None and self._RANK[known.quality] <= self._RANK[quality]:
            return
        self._names[key] = EntityName(name, quality, script or detect_script(name))

    def names(self) -> tuple[EntityName, ...]:
        """The collected aliases."""
        return tuple(self._names.values())


def unique(values: list[str]) -> tuple[str, ...]:
    """The values in first-seen order without repeats."""
    return tuple(dict.fromkeys(v for v in values if v))
