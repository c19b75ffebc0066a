"""Linking entries of different lists that are the same person or organisation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from anyascii import anyascii

from watchlists.entities import EntityKind, ListEntity, NameQuality

__all__ = ["fold_for_linking", "link_entities"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Apostrophes join a word ("QA'IDA" is one word, "qaida"), other punctuation splits words.
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")


def fold_for_linking(name: str) -> str:
    """Fold a name to sorted ASCII lower-case tokens: "SOLEIMANI, Qasem" -> "qasem soleimani"."""
    ascii_name = anyascii(_APOSTROPHES.sub("", name)).casefold()
    tokens = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_name)).split()
    return " ".join(sorted(tokens))


def link_entities(entities: Iterable[ListEntity]) -> dict[str, str]:
    """Map each entity key to its cluster id, the smallest key of the entries it is linked to.

    Entries are linked when a list says so (`same_as`), or, across two lists, when a person
    has the same folded name (primary or strong alias) and a compatible birth date, or an
    organisation has the same folded primary name and shares a programme or country.
    """
    by_key = {entity.key: entity for entity in entities}
    parent = {key: key for key in by_key}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            # The smaller key becomes the root, so the root is the cluster id.
            parent[max(root_a, root_b)] = min(root_a, root_b)

    for entity in by_key.values():
        for other in entity.same_as:
            if other in by_key:
                union(entity.key, other)
    for bucket in _person_buckets(by_key.values()).values():
        _link_bucket(bucket, union, _dates_compatible)
    for bucket in _organisation_buckets(by_key.values()).values():
        _link_bucket(bucket, union, _share_programme_or_country)
    return {key: find(key) for key in by_key}


def _person_buckets(entities: Iterable[ListEntity]) -> dict[tuple[str, str], list[ListEntity]]:
    """Persons grouped by (folded strong name, birth year)."""
    buckets: dict[tuple[str, str], list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.kind is not EntityKind.PERSON or not entity.birth_dates:
            continue
        names = {
            fold_for_linking(n.name) for n in entity.all_names() if n.quality is NameQuality.STRONG
        }
        years = {d[:4] for d in entity.birth_dates}
        for name in names:
            if " " not in name:
                continue  # a single word ("Abdullah") names too many people
            for year in years:
                buckets[(name, year)].append(entity)
    return buckets


def _organisation_buckets(entities: Iterable[ListEntity]) -> dict[str, list[ListEntity]]:
    """Organisations grouped by folded primary name."""
    buckets: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.kind is EntityKind.ORGANISATION:
            name = fold_for_linking(entity.name)
            if name:
                buckets[name].append(entity)
    return buckets


def _link_bucket(
    bucket: list[ListEntity],
    union: Callable[[str, str], None],
    same: Callable[[ListEntity, ListEntity], bool],
) -> None:
    """Union the pairs of a bucket that come from different lists and pass `same`."""
    if len(bucket) < 2:
        return
    for i, first in enumerate(bucket):
        for second in bucket[i + 1 :]:
            if (
                first.list_name != second.list_name
                and first.key != second.key
                and same(first, second)
            ):
                union(first.key, second.key)


def _dates_compatible(first: ListEntity, second: ListEntity) -> bool:
    """Some birth date of one agrees with one of the other ("1957" agrees with "1957-03-11")."""
    return any(
        a.startswith(b) or b.startswith(a) for a in first.birth_dates for b in second.birth_dates
    )


def _share_programme_or_country(first: ListEntity, second: ListEntity) -> bool:
    """The two entries share a programme or a country, compared case-insensitively."""
    left = {v.casefold() for v in (*first.programmes, *first.nationalities)}
    return any(v.casefold() in left for v in (*second.programmes, *second.nationalities))
