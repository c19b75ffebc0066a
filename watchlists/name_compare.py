"""Compare two full names: a score in [0, 1] and the reason, whatever the order and script.

Tokens of both names are folded, honorifics and legal forms normalised (rigour), then aligned
one to one, best pairs first, by phonetic token similarity. Every word of the shorter name
must find its partner; extra words in the longer name (middle names, patronymics) cost little.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names import remove_person_prefixes, replace_org_types_compare

from watchlists.abjad import name_key, same_consonants, vowelless
from watchlists.east_slavic import same_name
from watchlists.folding import fold, fold_tokens, has_non_latin
from watchlists.phonetics import token_similarity, word_skeleton

__all__ = ["MATCH_THRESHOLD", "compare_names"]

# Chosen on the nomenklatura name-bench cases (benchmarks/matching_names.py prints the sweep).
MATCH_THRESHOLD = 0.8
_PAIR_FLOOR = 0.72
_EXTRA_TOKEN_COST = 0.04
# An East Slavic given name in another language's form is a transliteration, not a typo.
_SAME_GIVEN_NAME = 0.95


@lru_cache(maxsize=65536)
def _prepare(name: str) -> tuple[str, ...]:
    # Two whole names compare best without "&", which folding keeps for scanning: "Procter &
    # Gamble" is "Procter and Gamble" with one word less, not a word that differs.
    name = name.replace("&", " ")
    cleaned = remove_person_prefixes(name.strip())
    folded = fold(cleaned)
    return fold_tokens(replace_org_types_compare(folded)) or fold_tokens(name)


def compare_names(a: str, b: str) -> tuple[float, str]:
    """Similarity of two names and why ("exact", "folded", "reordered", "transliteration", ...)."""
    if a == b:
        return 1.0, "exact"
    ta, tb = _prepare(a), _prepare(b)
    if not ta or not tb:
        return 0.0, "no name"
    if ta == tb:
        return 0.99, "folded"
    if sorted(ta) == sorted(tb):
        return 0.96, "reordered"
    if "".join(ta) == "".join(tb):
        return 0.95, "spacing"
    a_other, b_other = has_non_latin(a), has_non_latin(b)
    cross_script = a_other != b_other
    # The words of the name in another script, where one name is Latin.
    foreign = frozenset(ta if a_other else tb) if cross_script else frozenset()
    # Arabic script joins the article and "Abd" to the next word or not (`abjad`): the whole
    # name's consonants may agree where its words do not pair.
    keyed = bool(foreign) and all(map(vowelless, foreign)) and name_key(ta) == name_key(tb)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    pairs = sorted(
        (
            (_pair_score(x, y, foreign), i, j)
            for i, x in enumerate(short)
            for j, y in enumerate(long_)
        ),
        reverse=True,
    )
    used_i: set[int] = set()
    used_j: set[int] = set()
    total = 0.0
    for sim, i, j in pairs:
        if i in used_i or j in used_j or sim < _PAIR_FLOOR:
            continue
        used_i.add(i)
        used_j.add(j)
        total += sim * _weight(short[i])
    weight = sum(_weight(t) for t in short)
    score = total / weight if weight else 0.0
    score -= _EXTRA_TOKEN_COST * (len(long_) - len(used_j))
    if len(used_i) < len(short):
        score = min(score, 0.7)
    how = (
        "transliterated"
        if cross_script
        else ("partial name" if len(short) < len(long_) else "transliteration")
    )
    return max(0.9 if keyed else 0.0, min(1.0, score)), how


def _weight(token: str) -> float:
    # Initials and particles ("a", "al", "bin") say less than full names.
    return 0.5 if len(token) <= 2 else 1.0


def _pair_score(x: str, y: str, foreign: frozenset[str]) -> float:
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return 0.85 if x[0] == y[0] else 0.0
    if same_name(x, y):
        return _SAME_GIVEN_NAME  # "Mykola"/"Nikolai": one given name in two languages
    sim = token_similarity(x, y)
    if not foreign:
        return sim
    word, other = (x, y) if x in foreign else (y, x)
    if vowelless(word):
        # Written without short vowels: the consonants decide, h included ("mhmd" is not
        # "Mamadu", though the skeleton, which drops h, says so).
        return max(sim, 0.9) if same_consonants(word, other) else sim
    return max(sim, 0.9) if word_skeleton(x) == word_skeleton(y) else sim
