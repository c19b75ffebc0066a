"""Recall from the lists' own alias sets: hide one spelling of an entity, look for it in a sentence.

For a sample of entities with two or more names, one alias is removed from the entity (the
matcher never sees it), written into a news-style sentence, and scanned for. It counts as found
when a mention over that spelling has the entity among its refs. The hidden alias must be a
*spelling* of a name the entity keeps: a rapidfuzz token-sort ratio of at least 70 between folded
forms (or an equal consonant skeleton, for other scripts). The alias is written as news would:
a person's "SURNAME, Given" as "Given Surname", words in capitals with a capital only. Aliases
that are different names ("Haji Sahib" for "Mohammed Omar") are counted separately: no name
matcher can find them.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from rapidfuzz import fuzz

from watchlists.entities import EntityKind, ListEntity
from watchlists.folding import fold
from watchlists.linking import link_entities
from watchlists.matcher import Matcher
from watchlists.mentions import Mention
from watchlists.phonetics import PARTICLES, skeleton
from watchlists.targets import looked_for

__all__ = ["in_index_recall", "recall_bench"]

_SENTENCES = (
    "On Tuesday officials said {} had been seen in the capital.",
    "The report names {} as a key figure in the network.",
    "Talks with {} ended without agreement, the ministry said.",
)


def recall_bench(entities: list[ListEntity], *, size: int, seed: int = 7) -> dict[str, float]:
    """Hide one alias of `size` sampled entities, scan a sentence with it, count finds."""
    rng = random.Random(seed)
    eligible = [e for e in entities if len(e.all_names()) >= 2 and e.kind != EntityKind.UNKNOWN]
    rng.shuffle(eligible)
    hidden: dict[str, str] = {}
    variants: dict[str, bool] = {}
    persons: set[str] = set()
    for entity in eligible:
        if len(hidden) >= size:
            break
        alias = rng.choice(entity.aliases).name
        folded = fold(alias)
        if len(folded.split()) < 2:
            continue  # one word alone is not looked for (docs/matching.md)
        kept = [n.name for n in entity.all_names() if n.name != alias]
        hidden[entity.key] = alias
        variants[entity.key] = any(_same_spelling(folded, fold(k)) for k in kept)
        if entity.kind is EntityKind.PERSON:
            persons.add(entity.key)
    changed = [
        replace(e, aliases=tuple(a for a in e.aliases if a.name != hidden[e.key]))
        if e.key in hidden
        else e
        for e in entities
    ]
    matcher = Matcher(changed, links=link_entities(changed))
    found_any = {True: 0, False: 0}
    found_alert = {True: 0, False: 0}
    missed: list[str] = []
    for i, (key, alias) in enumerate(hidden.items()):
        written = _as_news_writes(alias, person=key in persons)
        hits = _hits_on(matcher, key, written, i)
        variant = variants[key]
        if hits:
            found_any[variant] += 1
            found_alert[variant] += any(m.band == "alert" for m in hits)
        elif variant:
            missed.append(f"{key}: {written!r}")
    n_var, n_other = sum(variants.values()), len(variants) - sum(variants.values())
    recall = found_any[True] / n_var if n_var else 0.0
    alert_recall = found_alert[True] / n_var if n_var else 0.0
    other = found_any[False] / n_other if n_other else 0.0
    print(
        f"recall, leave-one-out reading: {len(hidden)} hidden aliases (seed {seed}); "
        f"{n_var} are spellings of a kept name, {n_other} are other names"
    )
    print(
        f"  spellings found: {found_any[True]}/{n_var} = {recall:.3f} "
        f"(alert band {alert_recall:.3f}); other names found: {other:.3f}"
    )
    for line in random.Random(seed).sample(missed, min(25, len(missed))):
        print(f"  missed: {line}")
    return {"recall": recall, "recall_alert": alert_recall}


def in_index_recall(
    matcher: Matcher, entities: list[ListEntity], *, size: int, seed: int = 11
) -> dict[str, float]:
    """Every name (primary and aliases) of `size` sampled entities, scanned with the full index.

    The second reading of the recall goal: the names stay in the index; each is written as news
    would in a sentence and counts when a sanction mention over it (any band) has the entity
    among its refs. Names the matcher deliberately never looks for (a person's single name,
    short or everyday one-word names, names of too little information: `targets.looked_for`)
    are counted apart, and recall is given with and without them.
    """
    rng = random.Random(seed)
    sample = [e for e in entities if e.kind != EntityKind.UNKNOWN]
    sample = rng.sample(sample, min(size, len(sample)))
    total = found = found_alert = by_design = by_design_found = 0
    missed: list[str] = []
    for entity in sample:
        for i, name in enumerate(dict.fromkeys(n.name for n in entity.all_names())):
            written = _as_news_writes(name, person=entity.kind is EntityKind.PERSON)
            if not fold(written).strip():
                continue
            hits = _hits_on(matcher, entity.key, written, i)
            total += 1
            wanted = looked_for(entity, name)
            if not wanted:
                by_design += 1
                by_design_found += bool(hits)
            found += bool(hits)
            found_alert += any(m.band == "alert" for m in hits)
            if wanted and not hits:
                missed.append(f"{entity.key}: {written!r}")
    looked = total - by_design
    found_looked = found - by_design_found
    recall_all = found / total if total else 0.0
    recall_looked = found_looked / looked if looked else 0.0
    print(
        f"recall, in-index reading: every name of {len(sample)} entities (seed {seed}), "
        f"{total} names, full index, any band"
    )
    print(
        f"  all names found: {found}/{total} = {recall_all:.3f} (alert band "
        f"{found_alert / total if total else 0.0:.3f}); misses by design (never looked for): "
        f"{by_design - by_design_found} of {total - found}"
    )
    print(
        f"  names the matcher looks for: {found_looked}/{looked} = {recall_looked:.3f} "
        f"(excluding {by_design} names never looked for by design)"
    )
    for line in random.Random(seed).sample(missed, min(15, len(missed))):
        print(f"  missed: {line}")
    return {"recall_in_index": recall_all, "recall_in_index_looked_for": recall_looked}


def _hits_on(matcher: Matcher, key: str, written: str, i: int) -> list[Mention]:
    """Sanction mentions of entity `key` over `written`, put in the i-th news sentence."""
    sentence = _SENTENCES[i % len(_SENTENCES)].format(written)
    start = sentence.index(written)
    end = start + len(written)
    return [
        m
        for m in matcher.scan(sentence)
        if m.kind == "sanction" and key in m.refs and m.start < end and start < m.end
    ]


def _as_news_writes(name: str, *, person: bool) -> str:
    """A person's "SURNAME, Given" becomes "Given Surname"; words in capitals get a capital only.

    An organisation's comma stays: it comes before a legal form ("DALIAN GOLDEN SUN IMPORT AND
    EXPORT CO., LTD."), and the news writes "Dalian Golden Sun Import And Export Co., Ltd.", not
    "Ltd. Dalian Golden Sun Import And Export Co.".
    """
    if person and "," in name:
        surname, _, given = name.partition(",")
        name = f"{given.strip()} {surname.strip()}"
    words = []
    for i, word in enumerate(name.split()):
        if word.isupper() and len(word) > 1:
            # "AL-ASIRI" -> "al-Asiri", "ABU-BAKR" -> "Abu-Bakr": each part of a hyphened word.
            parts = [_capital_only(p) for p in word.split("-")]
            if i and len(parts) > 1 and parts[0].lower() in PARTICLES:
                parts[0] = parts[0].lower()
            word = "-".join(parts)
        words.append(word)
    return " ".join(words)


def _capital_only(word: str) -> str:
    """ "ZALIV" -> "Zaliv", and so are a quoted "'ZALIV'" -> "'Zaliv'" and the initials "B.I." ->
    "B.I." (`str.capitalize` made "'zaliv'" and "B.i.": a lower-case name no reader writes)."""
    word = _FIRST_LETTER.sub(lambda m: m.group().upper(), word.lower(), count=1)
    return _AFTER_DOT.sub(lambda m: m.group().upper(), word)


_FIRST_LETTER = re.compile(r"[^\W\d_]")
_AFTER_DOT = re.compile(r"(?<=\.)[^\W\d_]")


def _same_spelling(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(a, b) >= 70 or skeleton(a) == skeleton(b)
