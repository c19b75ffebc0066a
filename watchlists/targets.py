"""Turn list entities and watch terms into the targets the pattern index looks for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from watchlists.distinctive import is_common_word, name_information
from watchlists.entities import EntityKind, ListEntity, NameQuality
from watchlists.folding import fold_tokens
from watchlists.name_index import Target
from watchlists.names import is_phrase_key, name_forms, term_tokens

__all__ = ["FUZZY_INFO", "MIN_INFO", "sanction_targets", "term_targets"]

# Names carrying less information than this are not looked for at all ("NEXT", "THE BASE"):
# even in capitals they could not reach the digest band.
MIN_INFO = 1.2
# Variant spellings and typos are looked for only for names at least this distinctive.
FUZZY_INFO = 2.5
# A single-word name alerts only when at least this long and this rare ("Gazprom", "Hizballah").
_SINGLE_WORD_LENGTH = 5
_SINGLE_WORD_INFO = 2.5
_QUALITY_WEIGHT = {NameQuality.STRONG: 1.0, NameQuality.WEAK: 0.92, NameQuality.LOW: 0.85}


def sanction_targets(entities: Iterable[ListEntity], links: Mapping[str, str]) -> list[Target]:
    """Every form of every name of every entity worth looking for, one target per group and form."""
    best: dict[tuple[str, tuple[str, ...]], Target] = {}
    members: dict[str, set[str]] = {}
    for entity in entities:
        members.setdefault(links.get(entity.key, entity.key), set()).add(entity.key)
    for entity in entities:
        group = links.get(entity.key, entity.key)
        refs = tuple(sorted(members[group]))
        person = entity.kind is EntityKind.PERSON
        primary = fold_tokens(entity.name)
        for name in entity.all_names():
            weight = _QUALITY_WEIGHT.get(name.quality, 0.85)
            for form in name_forms(name.name, person=person):
                info = name_information(form.tokens)
                rules = _rules(entity.kind, form.tokens, info, primary)
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
                )
                old = best.get((group, form.tokens))
                if old is None or (target.weight, -len(target.how)) > (old.weight, -len(old.how)):
                    best[(group, form.tokens)] = target
    return list(best.values())


def _rules(
    kind: EntityKind, tokens: tuple[str, ...], info: float, primary: tuple[str, ...]
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
        if kind is EntityKind.PERSON:
            return None
        word = tokens[0]
        # Only the short form of the entity's own name ("GAZPROM" in "PJSC GAZPROM") alerts;
        # a single-word alias elsewhere ("BAIKAL" for an arms factory) is a digest line.
        long_rare = (
            len(word) >= _SINGLE_WORD_LENGTH and info >= _SINGLE_WORD_INFO and word in primary
        )
        return len(word) >= 9 and info >= 4.0 and not capped, capped or not long_rare
    return info >= FUZZY_INFO, capped


def _surname(name: str, tokens: tuple[str, ...]) -> str | None:
    """The word a later mention would use alone: the part before a comma, else the last word."""
    if len(tokens) < 2:
        return None
    if "," in name:
        head = fold_tokens(name.partition(",")[0])
        return head[0] if head else None
    return tokens[-1]


def term_targets(terms: Mapping[str, str]) -> list[Target]:
    """Targets for watch terms (key -> the term as typed); a plain two-word term in both orders."""
    out = []
    for key, typed in terms.items():
        tokens = term_tokens(key)
        info = name_information(tokens)
        fuzzy = info >= 1.5
        common = dict(
            group=key,
            refs=(),
            name=typed,
            info=info,
            weight=1.0,
            person=False,
            watch=True,
            fuzzy=fuzzy,
        )
        out.append(Target(tokens=tokens, how="exact", **common))  # type: ignore[arg-type]
        if not is_phrase_key(key) and len(tokens) == 2:
            out.append(Target(tokens=tokens[::-1], how="reordered", **common))  # type: ignore[arg-type]
    return out
