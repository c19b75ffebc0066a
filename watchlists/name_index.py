"""Aho-Corasick automata over folded names and their consonant skeletons.

A `PatternIndex` finds, in one pass each, every place where the folded tokens of a target appear
(exact after folding) and every place where their skeletons appear (candidates for
transliteration variants and typos, checked afterwards). Patterns are padded with spaces so a
hit always covers whole words.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs
import numpy as np

from watchlists.distinctive import common_words
from watchlists.patterns import IdTable, add_pattern, distinct_skeleton, spaced
from watchlists.phonetics import PARTICLES, name_skeletons, skeleton
from watchlists.scan_text import ScanText
from watchlists.term_patterns import TermLines, folded_patterns, grouped, skeleton_patterns

__all__ = ["RARE_WORD", "Hit", "PatternIndex", "Target"]

# An anchor surname's skeleton needs this many consonants: shorter ones meet too many words.
_ANCHOR_SKELETON = 4
# ... and must not be the skeleton of a word this frequent.
_ANCHOR_WORD_ZIPF = 2.5


@dataclass(frozen=True, slots=True)
class Target:
    """One token sequence to find, and what a match on it means."""

    group: str  # what mentions merge on: a linked cluster, an entity key or a term key
    refs: tuple[str, ...]
    name: str
    tokens: tuple[str, ...]
    how: str  # "exact", "reordered", "partial name"
    info: float  # name_information of the tokens
    weight: float  # trust in the name: 1 for strong names, less for weak aliases
    person: bool
    watch: bool = False
    fuzzy: bool = True  # whether skeleton (variant spelling) matches are looked for
    surname: str | None = None  # for persons: the word that may refer back to the full name
    plain: bool = False  # every word an everyday word ("MINISTRY OF DEFENCE"): digest at most
    # For persons, per word: rare among all listed names (see targets.RARE_IN_LISTS); empty
    # when not known.
    rare: tuple[bool, ...] = ()
    # An anchor (persons only): `tokens` is a rare surname, found in any spelling, and the match
    # stands only where these given names open the run of names before it (see `gaps`).
    given: tuple[str, ...] = ()


# What a rare word's hit carries (`PatternIndex(words=...)`): the word is the text at the hit.
RARE_WORD = Target(
    group="", refs=(), name="", tokens=(), how="rare word", info=0.0, weight=0.0, person=False
)


@dataclass(frozen=True, slots=True)
class Hit:
    """A target found at a folded span; `exact` when the folded tokens are equal."""

    start: int
    end: int
    target: Target
    exact: bool


class PatternIndex:
    """Two automata (folded, skeleton) over a fixed set of targets.

    `targets` may be a lazy sequence (watch terms: a million of them are cheaper as keys than as
    `Target` objects); only (tokens, fuzzy) of each is read when building, and a target is read
    again only when it is hit. Memory per pattern is one int, plus a list where several targets
    share one pattern.
    """

    def __init__(
        self,
        targets: Sequence[Target],
        *,
        min_skeleton: int = 5,
        min_single: int = 6,
        words: Iterable[str] = (),
    ) -> None:
        self.targets = targets
        # Single words found as spelt and reported as `RARE_WORD` hits (see `reworded`): they
        # share the folded automaton's pass, under one target number past the targets'.
        self._word_id = len(targets)
        # Millions of small objects: the cyclic GC would rescan them all again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(targets, min_skeleton, min_single, words)
        finally:
            if enabled:
                gc.enable()

    def _build(
        self, targets: Sequence[Target], min_skeleton: int, min_single: int, words: Iterable[str]
    ) -> None:
        # Watch terms may come as lines of text: a million of them are indexed in array passes.
        lines: Callable[[], TermLines | None] | None = getattr(targets, "lines", None)
        batch = lines() if lines is not None else None
        if batch is not None:
            self._build_lines(batch, min_skeleton, min_single)
            return
        # Two passes, one automaton each, so only one pattern dictionary is alive at a time.
        # A lazy sequence (watch terms) may give a target's shape without making the target.
        shape: Callable[[int], tuple[tuple[str, ...], bool]] = getattr(
            targets, "shape", lambda i: (targets[i].tokens, targets[i].fuzzy)
        )
        tokens_of: Callable[[int], tuple[str, ...]] = getattr(
            targets, "tokens", lambda i: targets[i].tokens
        )
        # Where a comma may follow the surname ("Soleimani, Qasem"): list persons only.
        comma_of: Callable[[int], int] = (
            (lambda i: 0) if hasattr(targets, "shape") else (lambda i: _comma_after(targets[i]))
        )
        # Anchors: a surname alone (sanctions only), in any spelling with a long enough skeleton.
        anchor: Callable[[int], bool] = (
            (lambda i: False)
            if hasattr(targets, "shape")
            else (lambda i: i < self._word_id and bool(targets[i].given))
        )
        folded: dict[str, int | list[int]] = {}
        for i in range(len(targets)):
            tokens = tokens_of(i)
            for pattern in spaced(" ".join(tokens), tokens, comma_of(i)):
                add_pattern(folded, pattern, i)
        word_id = self._word_id
        for word in words:
            add_pattern(folded, f" {word} ", word_id)
        self._folded_ids = IdTable(folded.values())
        self._folded_ac = _automaton(folded, as_bytes=True)
        # Patterns read one target at a time (`_special_hits`): all anchors, or a rare word.
        self._special_pids = _owned_by(folded.values(), anchor) | _owned_by(
            folded.values(), lambda i: i == word_id, any
        )
        del folded
        skel: dict[str, int | list[int]] = {}
        for i in range(len(targets)):
            tokens, fuzzy = shape(i)
            if anchor(i):
                for sk in name_skeletons(tokens):
                    if len(sk) >= _ANCHOR_SKELETON and sk not in _word_skeletons():
                        add_pattern(skel, f" {sk} ", i)
            elif fuzzy:
                for sk in name_skeletons(tokens):
                    if distinct_skeleton(sk, tokens, min_skeleton, min_single):
                        for pattern in spaced(sk, tokens, comma_of(i)):
                            add_pattern(skel, pattern, i)
        self._skel_ids = IdTable(skel.values())
        self._skel_ntokens = np.fromiter((p.count(" ") - 1 for p in skel), np.int8, len(skel))
        self._skel_ac = _automaton(skel, as_bytes=True)
        self._anchor_skel_pids = _owned_by(skel.values(), anchor)

    def _build_lines(self, batch: TermLines, min_skeleton: int, min_single: int) -> None:
        """`_build` for watch terms (no commas, no persons), in array passes over all terms.

        Gives the patterns, their numbering and the target lists `_build` gives (a test compares
        the two); terms with a particle or an inner initial take `_build`'s per-term steps.
        """
        patterns, owners, odd = folded_patterns(batch.text)
        self._folded_ids, unique, _ = grouped(patterns, owners, distinct=batch.distinct)
        # Building an automaton is the peak of memory: nothing but its patterns stays alive.
        del patterns, owners
        self._folded_ac = _automaton(unique)
        del unique
        patterns, owners, ntokens = skeleton_patterns(batch, odd, min_skeleton, min_single)
        self._skel_ids, unique, at = grouped(patterns, owners)
        del patterns, owners
        self._skel_ntokens = ntokens[at].astype(np.int8)
        del ntokens, at
        self._skel_ac = _automaton(unique)
        self._special_pids = self._anchor_skel_pids = frozenset()

    def __len__(self) -> int:
        return len(self.targets)

    def skeleton_hits(self, doc: ScanText) -> Iterator[tuple[int, int, int]]:
        """Raw skeleton hits: (folded start, folded end, pattern number); an anchor's only after
        a name (see `hits`).

        For callers that judge a hit once per distinct spelling (watch terms: one skeleton may
        be shared by hundreds of terms) and so want no `Target`, nor even the list of target
        numbers (`skeleton_targets`), made before they must.
        """
        if self._skel_ac is None:
            return
        found = _matches(self._skel_ac, doc, skeleton=True)
        anchors = self._anchor_skel_pids
        if anchors:
            found = [m for m in found if m[0] not in anchors or doc.name_before_skeleton(m[1])]
        if found:
            pids = [pid for pid, _, _ in found]
            starts, ends = doc.word_spans([s for _, s, _ in found], self._skel_ntokens[pids])
            yield from zip(starts, ends, pids, strict=True)

    def skeleton_targets(self, pid: int) -> Sequence[int]:
        """The target numbers of skeleton pattern `pid`."""
        return self._skel_ids[pid]

    def folded_hits(self, doc: ScanText) -> Iterator[Hit]:
        """Only the hits exact after folding."""
        if self._folded_ac is None:
            return
        targets = self.targets
        for pid, s, e in _matches(self._folded_ac, doc, skeleton=False):
            for tid in self._folded_ids[pid]:
                yield Hit(s, e - 2, targets[tid], True)

    def hits(self, doc: ScanText) -> Iterator[Hit]:
        """Every folded hit, then every skeleton hit that is not also a folded hit."""
        seen: set[tuple[int, int, int]] = set()
        targets = self.targets
        # An anchor (a surname alone) is worth a look only after a name: half of its hits are
        # "Mr Yushchenko" or "said Yushchenko"; a rare word only written with a capital.
        special = self._special_pids
        if self._folded_ac is not None:
            for pid, s, e in _matches(self._folded_ac, doc, skeleton=False):
                if pid in special:
                    if found := self._special_hits(doc, pid, s, e - 2, seen):
                        yield from found
                    continue
                for tid in self._folded_ids[pid]:
                    seen.add((s, e - 2, tid))
                    yield Hit(s, e - 2, targets[tid], True)
        for start, end, pid in self.skeleton_hits(doc):
            for tid in self._skel_ids[pid]:
                if (start, end, tid) not in seen:
                    yield Hit(start, end, targets[tid], False)

    def _special_hits(
        self, doc: ScanText, pid: int, start: int, end: int, seen: set[tuple[int, int, int]]
    ) -> list[Hit]:
        """The folded hits of a pattern that holds an anchor or a rare word."""
        found = []
        name_before: bool | None = None
        for tid in self._folded_ids[pid]:
            if tid == self._word_id:
                if doc.folded.cased[start].isupper():  # written as a name
                    found.append(Hit(start, end, RARE_WORD, True))
                continue
            target = self.targets[tid]
            if target.given:
                if name_before is None:
                    name_before = doc.name_before(start)
                if not name_before:
                    continue
            seen.add((start, end, tid))
            found.append(Hit(start, end, target, True))
        return found


@cache
def _word_skeletons() -> frozenset[str]:
    """Skeletons of everyday words written with a capital ("However", "Monday"): an anchor
    surname sharing one would be hit at every sentence start, so it is found as spelt only."""
    words = common_words(_ANCHOR_WORD_ZIPF)
    return frozenset(skeleton(" ".join(w.capitalize() for w in words)).split(" "))


def _owned_by(
    entries: Iterable[int | list[int]],
    anchor: Callable[[int], bool],
    every: Callable[[Iterable[bool]], bool] = all,
) -> frozenset[int]:
    """Numbers of the patterns whose targets are all anchors (or, with `any`, one is)."""
    return frozenset(
        pid
        for pid, entry in enumerate(entries)
        if every(map(anchor, entry if isinstance(entry, list) else (entry,)))
    )


def _comma_after(target: Target) -> int:
    """How many leading tokens form the surname when a person's form starts with it ("soleimani
    qasem", "bin laden usama"): news and lists write a comma there. 0 when it does not."""
    if not target.person or target.surname is None or target.surname not in target.tokens:
        return 0
    k = target.tokens.index(target.surname) + 1
    if k >= len(target.tokens) or not all(t in PARTICLES for t in target.tokens[: k - 1]):
        return 0
    return k


_Automaton = ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick


def _automaton(patterns: Collection[str], *, as_bytes: bool = False) -> _Automaton | None:
    """The automaton of `patterns`, numbered in their order; a list of str patterns is emptied."""
    if not patterns:
        return None
    if as_bytes:
        # Over bytes a pass is about 3 % of a scan faster than over str (no byte offsets mapped
        # to characters); the patterns are ASCII, so pattern numbers and offsets are the same.
        # A million watch terms stay str: encoding their patterns would cost time and memory.
        data = (p.encode("ascii") for p in patterns)
        return ahocorasick_rs.BytesAhoCorasick(data, matchkind=ahocorasick_rs.MatchKind.Standard)
    # A million watch terms' patterns, the list their last reference: each string goes as the
    # automaton takes it in, 19 MB off the peak of the build (474 -> 455 MB, alone).
    taken = _drained(patterns) if isinstance(patterns, list) else patterns
    return ahocorasick_rs.AhoCorasick(taken, matchkind=ahocorasick_rs.MatchKind.Standard)


def _drained(items: list[str]) -> Iterator[str]:
    """The items of a list in order, each removed as it is given."""
    items.reverse()
    while items:
        yield items.pop()


def _matches(ac: _Automaton, doc: ScanText, *, skeleton: bool) -> list[tuple[int, int, int]]:
    """Every (pattern, start, end) of `ac` over the padded text or its skeleton, read as the
    automaton reads (bytes or str: ASCII either way, so the offsets agree)."""
    if isinstance(ac, ahocorasick_rs.BytesAhoCorasick):
        data = doc.skeleton_bytes if skeleton else doc.padded_bytes
        return ac.find_matches_as_indexes(data, overlapping=True)
    return ac.find_matches_as_indexes(doc.skeleton if skeleton else doc.padded, overlapping=True)
