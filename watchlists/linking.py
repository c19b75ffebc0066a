"""Linking entries of different lists that are the same person or organisation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from anyascii import anyascii
from rigour.names import replace_org_types_compare

from watchlists.distinctive import name_information
from watchlists.entities import EntityKind, ListEntity, NameQuality
from watchlists.name_compare import compare_names
from watchlists.phonetics import word_skeleton

__all__ = ["fold_for_linking", "link_entities"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Apostrophes join a word ("QA'IDA" is one word, "qaida"), other punctuation splits words.
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
# An organisation's name shared across lists links them without a programme or country in
# common only if it says this much ("National Liberation Army", 2.0, names several groups, and
# "Ministry of Interior", 1.8, is Cuba's on OFAC and Syria's on the UK list; "Russian Direct
# Investment Fund", 2.4, and "Parchin Chemical Industries", 6.2, name one body). From 3.5 down
# to 2.4 the shared lists gain 34 clusters, every one a single body.
_ORG_LINK_INFO = 2.4
# Two persons of two lists born on the same day are one when some names of theirs compare this
# well, whatever the script or spelling ("KARAEV, Yuriy Khadzimuratovich" and "Ю́рий
# Хаджимура́тович Кара́ев"). Over the shared lists the same-day pairs that are one person score
# 0.84 and up, the one that is not (another given name: Eduard and Andrey Kuznetsov) 0.63.
_SAME_DAY_NAMES = 0.85
# A person one list gives no birth date (the UK list often) is linked on a strong name shared
# with no other entry of each other's list, if the name says this much and no country is against
# it: "Samer FOZ" (uk, 7.2) and "FOZ, Samer" (ofac, born 1973). Below it are names many people
# bear ("Ali Salehi", 4.9; "Aung Aung", 5.1), which a name alone does not tell apart.
_PERSON_LINK_INFO = 7.0


@lru_cache(maxsize=65536)  # organisations' names are read twice, as primary and as any name
def fold_for_linking(name: str) -> str:
    """Fold a name to sorted ASCII lower-case tokens: "SOLEIMANI, Qasem" -> "qasem soleimani"."""
    ascii_name = anyascii(_APOSTROPHES.sub("", name)).casefold()
    tokens = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_name)).split()
    return " ".join(sorted(tokens))


def link_entities(entities: Iterable[ListEntity]) -> dict[str, str]:
    """Map each entity key to its cluster id, the smallest key of the entries it is linked to.

    Entries are linked when a list says so (`same_as`), or, across two lists, when a person
    has the same folded name (primary or strong alias) and a compatible birth date, or an
    organisation has the same folded primary name and shares a programme or country. Where no
    list holds that name twice, looser evidence suffices: for a person the same birth year
    (lists disagree on day and month: "1975-10-05" and "1975-05-10"), for an organisation any
    strong name in common, distinctive enough and with no country against it. Last, persons
    born on the same day whose names compare well (`name_compare`: another script, another
    spelling) are linked where each is the other's only such partner on its list, and so are
    persons sharing a telling strong name where one of them has no birth date.
    """
    by_key = {entity.key: entity for entity in entities}
    parent = {key: key for key in by_key}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    lists = {key: {entity.list_name} for key, entity in by_key.items()}  # per cluster root

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            # The smaller key becomes the root, so the root is the cluster id.
            low, high = min(root_a, root_b), max(root_a, root_b)
            parent[high] = low
            lists[low] |= lists.pop(high)

    def union_apart(a: str, b: str) -> None:
        """`union` on looser evidence: never into a cluster already holding an entry of the
        same list. A chain of aliases would otherwise merge two entries one list keeps apart
        (OFAC's AL QA'IDA has the alias EGYPTIAN ISLAMIC JIHAD, a UN entry of its own)."""
        if lists[find(a)].isdisjoint(lists[find(b)]):
            union(a, b)

    for entity in by_key.values():
        for other in entity.same_as:
            if other in by_key:
                union(entity.key, other)
    by_name = _person_name_buckets(by_key.values())
    persons = _by_birth_year(by_name).values()
    for bucket in persons:
        _link_bucket(bucket, union, _dates_compatible)
    for bucket in _organisation_buckets(by_key.values()).values():
        _link_bucket(bucket, union, _share_programme_or_country)
    _link_loosely(persons, persons, union_apart, lambda a, b: True)  # a bucket is one year
    same_day = _same_day_pairs(by_key.values(), lambda a, b: find(a.key) != find(b.key))
    _link_loosely(same_day, same_day, union_apart, lambda a, b: True)
    shared = _names_on_two_lists(by_name)
    telling = [b for n, b in shared.items() if name_information(n.split()) >= _PERSON_LINK_INFO]
    _link_loosely(shared.values(), telling, union_apart, _one_undated)
    names = _names_on_two_lists(_organisation_name_buckets(by_key.values()))
    telling = [b for n, b in names.items() if name_information(n.split()) >= _ORG_LINK_INFO]
    _link_loosely(names.values(), telling, union_apart, _no_country_against)
    # The cache serves one pass: kept, its 65,536 names would outlive it (with the parsed names
    # `sanction_targets` drops too, about 14 MB of a built index's memory).
    fold_for_linking.cache_clear()
    return {key: find(key) for key in by_key}


def _by_birth_year(
    by_name: dict[str, list[ListEntity]],
) -> dict[tuple[str, str], list[ListEntity]]:
    """Persons grouped by (folded strong name, birth year), from their groups by name."""
    buckets: dict[tuple[str, str], list[ListEntity]] = defaultdict(list)
    for name, entities in by_name.items():
        for entity in entities:
            for year in {d[:4] for d in entity.birth_dates}:
                buckets[(name, year)].append(entity)
    return buckets


def _person_name_buckets(entities: Iterable[ListEntity]) -> dict[str, list[ListEntity]]:
    """Persons grouped by every folded strong name of two words or more (a single word,
    "Abdullah", names too many people)."""
    buckets: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.kind is EntityKind.PERSON:
            for name in {fold_for_linking(n) for n in _strong_names(entity)}:
                if " " in name:
                    buckets[name].append(entity)
    return buckets


def _names_on_two_lists(
    buckets: dict[str, list[ListEntity]],
) -> dict[str, list[ListEntity]]:
    """The buckets holding entries of two lists or more: only they can link (and
    `name_information` costs: thousands of names)."""
    return {n: b for n, b in buckets.items() if len({e.list_name for e in b}) > 1}


def _one_undated(first: ListEntity, second: ListEntity) -> bool:
    """One of two persons has no birth date, and no country is against them."""
    return (not first.birth_dates or not second.birth_dates) and _no_country_against(first, second)


def _same_day_pairs(
    entities: Iterable[ListEntity], apart: Callable[[ListEntity, ListEntity], bool]
) -> list[list[ListEntity]]:
    """Persons of two lists, not yet linked, born on the same day (a full date) whose names
    agree: each pair a bucket of its own, so that `_link_loosely` links only unique partners."""
    days: dict[str, list[ListEntity]] = defaultdict(list)
    sounds: dict[int, frozenset[str]] = {}  # by id(): an entity hashes all its fields
    for entity in entities:
        # Not 1 January: lists write it for a year alone too ("1957-01-01").
        dated = {d for d in entity.birth_dates if len(d) == 10 and d[4:] != "-01-01"}
        if entity.kind is EntityKind.PERSON and dated:
            for day in dated:
                days[day].append(entity)
            # Skeletons of the words of its names: names with no word that sounds alike never
            # compare well enough (none of the 2,616 same-day pairs that do over the shared
            # lists lacks one), and the test costs far less than comparing.
            sounds[id(entity)] = frozenset(
                word_skeleton(t)
                for name in _strong_names(entity)
                for t in fold_for_linking(name).split()
                if len(t) > 2
            )
    return [
        [first, second]
        for bucket in days.values()
        for first, second in _cross_list_pairs(bucket)
        if apart(first, second)
        and not sounds[id(first)].isdisjoint(sounds[id(second)])
        and _names_agree(first, second)
    ]


def _strong_names(entity: ListEntity) -> list[str]:
    return [n.name for n in entity.all_names() if n.quality is NameQuality.STRONG]


def _names_agree(first: ListEntity, second: ListEntity) -> bool:
    """Some strong name of one compares with some strong name of the other at _SAME_DAY_NAMES."""
    right = _strong_names(second)
    return any(
        compare_names(a, b)[0] >= _SAME_DAY_NAMES for a in _strong_names(first) for b in right
    )


def _organisation_buckets(entities: Iterable[ListEntity]) -> dict[str, list[ListEntity]]:
    """Organisations grouped by folded primary name."""
    buckets: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.kind is EntityKind.ORGANISATION:
            name = fold_for_linking(entity.name)
            if name:
                buckets[name].append(entity)
    return buckets


def _organisation_name_buckets(entities: Iterable[ListEntity]) -> dict[str, list[ListEntity]]:
    """Organisations grouped by every strong name of two words or more, as written and with
    its legal form in one spelling (rigour: "PUBLIC JOINT STOCK COMPANY SAKHALIN SHIPPING
    COMPANY" and "PJSC Sakhalin Shipping Company" both hold "pjsc"; "OOO" and "LLC" stay two)."""
    buckets: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.kind is EntityKind.ORGANISATION:
            strong = _strong_names(entity)
            names = {fold_for_linking(n) for n in strong}
            names.update(fold_for_linking(replace_org_types_compare(n)) for n in strong)
            for name in names:
                if " " in name:
                    buckets[name].append(entity)
    return buckets


def _link_loosely(
    buckets: Iterable[list[ListEntity]],
    chosen: Iterable[list[ListEntity]],
    union: Callable[[str, str], None],
    same: Callable[[ListEntity, ListEntity], bool],
) -> None:
    """Link the cross-list pairs of the `chosen` buckets that pass `same`, but only between two
    entries that share a name with no other entry of each other's list (in any of `buckets`):
    OFAC's AL QA'IDA bears the names of two UN entries, AL-QAIDA and EGYPTIAN ISLAMIC JIHAD,
    and is linked to neither; "ANSAR AL-SHARIA" names two UN entries, and a third list's
    entry of that name could be either."""
    # (entry, other list) -> the entries of that list it shares a name with; entries by id():
    # the key is a property built on every read, and these are ~100,000 reads.
    partners: dict[tuple[int, str], set[int]] = defaultdict(set)
    for bucket in buckets:
        for first, second in _cross_list_pairs(bucket):
            partners[(id(first), second.list_name)].add(id(second))
            partners[(id(second), first.list_name)].add(id(first))
    for bucket in chosen:
        for first, second in _cross_list_pairs(bucket):
            if (
                len(partners[(id(first), second.list_name)]) == 1
                and len(partners[(id(second), first.list_name)]) == 1
                and same(first, second)
            ):
                union(first.key, second.key)


def _cross_list_pairs(bucket: list[ListEntity]) -> Iterator[tuple[ListEntity, ListEntity]]:
    for i, first in enumerate(bucket):
        for second in bucket[i + 1 :]:
            if first.list_name != second.list_name:
                yield first, second


def _link_bucket(
    bucket: list[ListEntity],
    union: Callable[[str, str], None],
    same: Callable[[ListEntity, ListEntity], bool],
) -> None:
    """Union the pairs of a bucket that come from different lists and pass `same`."""
    for first, second in _cross_list_pairs(bucket):
        if same(first, second):
            union(first.key, second.key)


def _dates_compatible(first: ListEntity, second: ListEntity) -> bool:
    """Some birth date of one agrees with one of the other ("1957" agrees with "1957-03-11")."""
    return any(
        a.startswith(b) or b.startswith(a) for a in first.birth_dates for b in second.birth_dates
    )


def _no_country_against(first: ListEntity, second: ListEntity) -> bool:
    """Not both given countries, none of them shared. Lists spell countries their own way
    ("ae", "United Arab Emirates"), so this errs towards not linking."""
    left = {v.casefold() for v in first.nationalities}
    right = {v.casefold() for v in second.nationalities}
    return not left or not right or not left.isdisjoint(right)


def _share_programme_or_country(first: ListEntity, second: ListEntity) -> bool:
    """The two entries share a programme or a country, compared case-insensitively."""
    left = {v.casefold() for v in (*first.programmes, *first.nationalities)}
    return any(v.casefold() in left for v in (*second.programmes, *second.nationalities))
