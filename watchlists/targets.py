"""Turn list entities and watch terms into the targets the pattern index looks for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from watchlists.distinctive import is_common_word, name_information, token_zipf
from watchlists.entities import EntityKind, ListEntity, NameQuality
from watchlists.name_index import Target
from watchlists.names import clear_caches, given_and_surname, name_forms, name_tokens
from watchlists.phonetics import PARTICLES

__all__ = [
    "FUZZY_INFO",
    "MIN_INFO",
    "RARE_IN_LISTS",
    "looked_for",
    "sanction_targets",
]

# Names carrying less information than this are not looked for at all ("NEXT", "THE BASE"):
# even in capitals they could not reach the digest band.
MIN_INFO = 1.2
# Variant spellings and typos are looked for only for names at least this distinctive.
FUZZY_INFO = 2.5
# A word in more persons' names than this (Mohammed, Ali, Lopez) is common among listed names.
RARE_IN_LISTS = 30
# A single word as frequent as this ("opera", "summit", "vera") is not looked for alone.
_SINGLE_WORD_ZIPF = 3.5
# A single-word name alerts only when at least this long and this rare ("Gazprom", "Hizballah").
_SINGLE_WORD_LENGTH = 5
_SINGLE_WORD_INFO = 2.5
# A surname anchors a match with other names between only if this long and this rare.
_ANCHOR_LENGTH = 4
_ANCHOR_ZIPF = 3.0
_QUALITY_WEIGHT = {NameQuality.STRONG: 1.0, NameQuality.WEAK: 0.92, NameQuality.LOW: 0.85}


def sanction_targets(entities: Iterable[ListEntity], links: Mapping[str, str]) -> list[Target]:
    """Every form of every name of every entity worth looking for, one target per group and form."""
    best: dict[tuple[str, tuple[str, ...]], Target] = {}
    members: dict[str, set[str]] = {}
    entities = list(entities)
    in_entities: Counter[str] = Counter()
    for entity in entities:
        members.setdefault(links.get(entity.key, entity.key), set()).add(entity.key)
        if entity.kind is EntityKind.PERSON:
            in_entities.update({t for n in entity.all_names() for t in name_tokens(n.name)})
    for entity in entities:
        group = links.get(entity.key, entity.key)
        refs = tuple(sorted(members[group]))
        person = entity.kind is EntityKind.PERSON
        primary = name_tokens(entity.name)
        for name in entity.all_names():
            weight = _QUALITY_WEIGHT.get(name.quality, 0.85)
            for form in name_forms(name.name, person=person):
                info = name_information(form.tokens)
                rules = _rules(entity.kind, form.tokens, info, primary, form.how)
                if rules is None:
                    continue
                fuzzy, capped = rules
                target = Target(
                    group=group,
                    refs=refs,
                    name=entity.name,
                    tokens=form.tokens,
                    how=form.how,
                    info=info,
                    weight=weight,
                    person=person,
                    fuzzy=fuzzy,
                    surname=_surname(name.name, form.tokens) if person else None,
                    plain=capped,
                    rare=tuple(in_entities[t] <= RARE_IN_LISTS for t in form.tokens)
                    if person
                    else (),
                )
                old = best.get((group, form.tokens))
                if old is None or (target.weight, -len(target.how)) > (old.weight, -len(old.how)):
                    best[(group, form.tokens)] = target
            anchor = _anchor(name.name, in_entities) if person else None
            if anchor is not None:
                given, surname = anchor
                target = Target(
                    group=group,
                    refs=refs,
                    name=entity.name,
                    tokens=(surname,),
                    how="extra names",
                    info=name_information((given[0], surname)),
                    weight=weight,
                    person=True,
                    surname=surname,
                    rare=(True,),
                    given=given,
                )
                # One anchor per person, surname and first given name: the one with the most
                # given names, so that fewer words count as extra.
                old = best.get((group, ("", given[0], surname)))
                if old is None or len(given) > len(old.given):
                    best[(group, ("", given[0], surname))] = target
    # Each name was read several times (forms, anchor, surname); kept, the caches would outlive
    # the pass with a hundred thousand parsed names.
    clear_caches()
    return list(best.values())


def _anchor(name: str, in_entities: Counter[str]) -> tuple[tuple[str, ...], str] | None:
    """(given names, surname) of a person's name, when the surname may anchor a match with
    other names between ("Yelena Anatolievna Baldovskaya" for "BALDOVSKAYA, Yelena"): a word
    rare among listed persons and in English, and a given name that is a word, not an initial."""
    parts = given_and_surname(name)
    if parts is None:
        tokens = name_tokens(name)
        if not 2 <= len(tokens) <= 3:
            return None
        parts = tokens[:-1], tokens[-1:]
    given, surname = parts
    main = next((t for t in surname if t not in PARTICLES), "")
    if (
        len(main) < _ANCHOR_LENGTH
        or in_entities[main] > RARE_IN_LISTS
        or token_zipf(main) >= _ANCHOR_ZIPF
        or len(given[0]) < 2
        or given[0] in PARTICLES
    ):
        return None
    return given, main


def looked_for(entity: ListEntity, name: str) -> bool:
    """Whether any form of `name` (one of the entity's names) is looked for at all.

    False for the names the matcher deliberately never seeks: a person's single name, one-word
    names that are short or everyday words, names carrying too little information.
    """
    person = entity.kind is EntityKind.PERSON
    primary = name_tokens(entity.name)
    return any(
        _rules(entity.kind, f.tokens, name_information(f.tokens), primary, f.how) is not None
        for f in name_forms(name, person=person)
    )


def _rules(
    kind: EntityKind, tokens: tuple[str, ...], info: float, primary: tuple[str, ...], how: str
) -> tuple[bool, bool] | None:
    """Whether to look for a name form at all, then (variant spellings too, digest band at most).

    One word is weak evidence: a person's single name or nickname ("Elvis", "Spaniard") is not
    looked for at all; other single words alert only when long, rare and part of the entity's
    own name ("Gazprom"), never in
    variant spellings unless very long and rare ("Yuganskneftegaz"). Vessel and aircraft names
    are mostly ordinary words ("JUPITER", "ETERNAL SUNSHINE"): digest at most.
    """
    if info < MIN_INFO:
        return None
    capped = all(map(is_common_word, tokens)) or kind in (EntityKind.VESSEL, EntityKind.AIRCRAFT)
    if len(tokens) == 1:
        word = tokens[0]
        # A person's one name, an acronym ("MP", "3M") or an everyday word ("OPERA") alone
        # would only ever make noise.
        if kind is EntityKind.PERSON or len(word) < 4 or token_zipf(word) >= _SINGLE_WORD_ZIPF:
            return None
        # Only the short form of the entity's own name ("GAZPROM" in "PJSC GAZPROM") alerts;
        # a single-word alias elsewhere ("BAIKAL" for an arms factory) is a digest line.
        # A word left when the legal form is cut off ("AMELIE" of "AMELIE LTD") is weaker still.
        long_rare = (
            len(word) >= _SINGLE_WORD_LENGTH
            and info >= _SINGLE_WORD_INFO
            and word in primary
            and how == "exact"
        )
        return len(word) >= 9 and info >= 4.0 and not capped, capped or not long_rare
    return info >= FUZZY_INFO, capped


def _surname(name: str, tokens: tuple[str, ...]) -> str | None:
    """The word a later mention would use alone: the part before a comma, else the last word."""
    if len(tokens) < 2:
        return None
    parts = given_and_surname(name)
    if parts is not None:
        return next((t for t in parts[1] if t not in PARTICLES), parts[1][-1])
    return tokens[-1]
