"""Watch terms indexed in array passes give exactly the index the per-target build gives."""

from __future__ import annotations

import gc
import random
from collections.abc import Collection

import ahocorasick_rs
import numpy as np
import pytest

import watchlists.name_index as name_index
import watchlists.term_patterns as term_patterns
from watchlists.east_slavic import east_slavic_forms
from watchlists.matcher import _TERM_SKELETONS, Matcher
from watchlists.name_index import PatternIndex
from watchlists.patterns import add_pattern
from watchlists.term_keys import normalise_term, term_tokens
from watchlists.term_patterns import grouped, grouped_by_hash
from watchlists.term_targets import TermTargets, term_spellings

# Terms that leave the array path's common case: particles, inner initials, digits, a phrase
# also watched unquoted, digraphs the skeleton rewrites, one-letter and short words.
ODD_TERMS = [
    "Osama bin Laden",
    "Victor V. Yatsenko",
    "al-Qaeda",
    "Abu Bakr al Baghdadi",
    "3M",
    "B52 Bomber",
    "Y",
    "K Pop",
    "John K",
    '"Quds Force"',
    "Quds Force",
    "Mohammed el Sayed",
    "de la Cruz",
    "2024",
    "Ali",
    "Xi Jinping",
    "Tchaikovsky",
    "Schmidt",
    "Dj Djamel",
    "Kh Khan",
    "Ttchk",
    "A B C",
    "van der Berg",
    "Soleimani",
    "Soleimaini",
    "power",
    "Labour",
    "Gordon",
    "Zz9 Zz",
    "xx",
    "Ddjamel",
    "Usama Bin Ladin",
    "Ekaterina Tsch",
    "Maxx Phillipp",
    '"Sergej Schoigu"',
    "Ivanov Nikolaj Nikolajevich",
    "Oleg",
    "Rey Niru Engineering Company",
    "Bou Ali Sina",
    "Bou Rey Petrochemical Company",
    "Marks & Spencer",
    "Marks and Spencer",
    '"Procter and Gamble"',
    "Procter & Gamble",
    "AT&T",
    "Tom & Jerry & Co",
]


_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ta",
    "le",
    "vi",
    "no",
    "sa",
    "du",
    "ro",
    "ze",
    "pa",
    "shi",
    "kov",
    "ski",
    "enko",
    "ova",
    "ich",
    "ar",
    "el",
    "in",
    "os",
    "al",
    "ym",
    "x",
]
_GIVEN = ["anna", "boris", "li", "wei", "y", "k", "abu", "de", "power", "bank", "2024"]


def synthetic_terms(count: int) -> list[str]:
    """Invented terms: given name and surname, surname alone, phrases; common words too."""
    rng = random.Random(count)
    out = []
    for _ in range(count):
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))).title()
        roll = rng.random()
        if roll < 0.5:
            out.append(f"{rng.choice(_GIVEN).title()} {surname}")
        elif roll < 0.8:
            out.append(surname)
        else:
            out.append(f'"{surname} {rng.choice(_GIVEN)} Group"')
    return out


def _built(
    targets: object, monkeypatch: pytest.MonkeyPatch
) -> tuple[PatternIndex, list[list[str]]]:
    """Build an index, keeping the pattern lists handed to the automata."""
    seen: list[list[str]] = []
    real = name_index._automaton

    def spy(
        patterns: Collection[str], *, as_bytes: bool = False
    ) -> ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick | None:
        seen.append(list(patterns))
        return real(list(seen[-1]), as_bytes=as_bytes)  # a str list is emptied

    monkeypatch.setattr(name_index, "_automaton", spy)
    index = PatternIndex(targets, min_skeleton=_TERM_SKELETONS, min_single=_TERM_SKELETONS)
    monkeypatch.undo()
    return index, seen


def _tables(index: PatternIndex) -> tuple[list[list[int]], list[list[int]], list[int]]:
    folded, skel = index._folded_ids, index._skel_ids
    return (
        [list(folded[i]) for i in range(len(folded._single))],
        [list(skel[i]) for i in range(len(skel._single))],
        index._skel_ntokens.tolist(),
    )


@pytest.mark.parametrize("count", [0, 1, 300, 5000])
# The terms' skeleton is made piece by piece (a megabyte each); small pieces cut the lines of
# these few terms into many, as a million terms' are.
@pytest.mark.parametrize("piece", [1 << 20, 61])
def test_array_build_is_the_per_target_build(
    count: int, piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = list(dict.fromkeys(normalise_term(t) for t in ODD_TERMS + synthetic_terms(count)))
    terms = {k: k for k in keys}
    # Every term, then the aliases ("marks and spencer" for "marks & spencer") as their own
    # targets, each reported as its term.
    every = list(TermTargets(terms, keys))
    assert [t.group for t in every[: len(keys)]] == keys
    aliases = {(t.tokens, t.group, t.how) for t in every[len(keys) :]}
    # East Slavic forms, found for all keys in one pass: the same as asking key by key.
    translated = {
        (form, key, "transliterated")
        for key in keys
        if len(term_tokens(key)) >= 2
        for form in east_slavic_forms(term_tokens(key))
    }
    assert (("kateryna", "tsch"), "ekaterina tsch", "transliterated") in translated
    assert (("serhii", "schoigu"), '"sergej schoigu', "transliterated") in translated
    assert (
        ("ivanov", "mykola", "mykolaiovych"),
        "ivanov nikolaj nikolajevich",
        "transliterated",
    ) in translated
    assert aliases - translated == {
        (("marks", "and", "spencer"), "marks & spencer", "exact"),
        (("marks", "&", "spencer"), "marks and spencer", "exact"),
        (("procter", "&", "gamble"), '"procter and gamble', "exact"),
        (("procter", "and", "gamble"), "procter & gamble", "exact"),
        (("tom", "and", "jerry", "and", "co"), "tom & jerry & co", "exact"),
    }
    assert translated <= aliases
    # What /watch tells the user it looks for is what is indexed.
    assert {(t.tokens, t.group) for t in every[len(keys) :]} == {
        (term_tokens(alias), key) for key in keys for alias in term_spellings(key)
    }
    lines = TermTargets(terms, keys).lines()
    assert lines is not None and lines.fuzzy.tolist() == [t.fuzzy for t in every]
    assert not lines.distinct  # "marks and spencer" is a term and another term's alias
    with pytest.MonkeyPatch.context() as pieces:
        pieces.setattr(term_patterns, "_PIECE", piece)
        batch, batch_patterns = _built(TermTargets(terms, keys), monkeypatch)
    plain, plain_patterns = _built(every, monkeypatch)
    assert batch_patterns == plain_patterns
    assert _tables(batch) == _tables(plain)


def test_keys_not_plain_folded_text_take_the_per_target_build() -> None:
    assert TermTargets({}, []).lines() is None
    assert TermTargets({}, ["two  spaces"]).lines() is None
    assert TermTargets({}, ["UPPER"]).lines() is None
    assert TermTargets({}, ["caf\u00e9"]).lines() is None
    assert TermTargets({}, ["soleimani", '"quds force']).lines() is not None


def test_a_quoted_phrase_and_the_same_words_both_match() -> None:
    matcher = Matcher()
    matcher.add_terms(['"Quds Force"', "Quds Force", "Kasparov"] + synthetic_terms(50))
    found = {(m.term, m.text) for m in matcher.scan("The Quds Force and Garry Kasparov met.")}
    assert ('"quds force', "Quds Force") in found
    assert ("quds force", "Quds Force") in found
    assert ("kasparov", "Kasparov") in found


def test_adding_many_terms_is_all_or_none() -> None:
    matcher = Matcher()
    with pytest.raises(ValueError, match="no letters"):
        matcher.add_terms(["Soleimani", "--", "Kasparov"])
    assert matcher.terms() == set()
    assert matcher.add_terms(["Soleimani", "SOLEIMANI", '"Quds Force"']) == [
        "soleimani",
        "soleimani",
        '"quds force',
    ]
    assert matcher.terms() == {"soleimani", '"quds force'}


def test_big_term_containers_leave_the_cyclic_gc_alone() -> None:
    """A million terms' keys and pattern tables hold only strings and ints: in a tuple and a dict
    of None, which the cyclic GC stops tracking, and in arrays of machine ints, where it finds
    nothing to visit (as a list, a set and lists, a full collection took 0.42 s, now 0.18 s)."""
    matcher = Matcher()
    matcher.add_terms(synthetic_terms(3000) + ["Ivan Petrov", '"Marks & Spencer"'])
    gc.collect()
    index = matcher._main
    assert isinstance(index.targets, TermTargets)
    assert not gc.is_tracked(matcher._main_keys) and set(matcher._main_keys) == matcher.terms()
    assert not gc.is_tracked(index.targets._keys)
    assert len(index.targets) > len(matcher.terms())  # with aliases and East Slavic forms
    assert len(index._skel_ids._starts) > 1, "some skeletons are shared by several terms"
    for table in (index._folded_ids, index._skel_ids):
        # Arrays of machine ints: nothing inside them for a collection to visit.
        assert all(len(gc.get_referents(part)) <= 1 for part in vars(table).values())


def test_grouping_by_hash_is_the_grouping_by_pattern() -> None:
    """Patterns told apart by hash give `add_pattern`'s numbering and owners; a hash collision
    (here every hash alike) falls back to comparing the patterns themselves."""
    patterns = [" ksm ", " slmn ", " ksm ", " prk ", " slmn ", " ksm ", " tk "]
    owners = np.array([0, 1, 2, 3, 4, 5, 6], np.intp)
    expected: dict[str, int | list[int]] = {}
    for pattern, owner in zip(patterns, owners.tolist(), strict=True):
        add_pattern(expected, pattern, owner)
    for hashes in (
        np.fromiter(map(hash, patterns), np.int64),
        np.zeros(len(patterns), np.int64),  # every pattern collides with every other
        np.array([5, 5, 5, 7, 5, 5, 9], np.int64),  # " slmn " collides with " ksm "
    ):
        table, unique, at = grouped_by_hash(patterns, owners, hashes)
        assert unique == list(expected) == [" ksm ", " slmn ", " prk ", " tk "]
        assert at.tolist() == [0, 1, 3, 6]
        assert [list(table[i]) for i in range(len(unique))] == [
            v if isinstance(v, list) else [v] for v in expected.values()
        ]
    table, unique, at = grouped(patterns[:2], owners[:2])
    assert unique == [" ksm ", " slmn "] and at.tolist() == [0, 1] and table[1] == (1,)
