"""Aho-Corasick automata over folded names and their consonant skeletons.

A `PatternIndex` finds, in one pass each, every place where the folded tokens of a target appear
(exact after folding) and every place where their skeletons appear (candidates for
transliteration variants and typos, checked afterwards). Patterns are padded with spaces so a
hit always covers whole words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress

import ahocorasick_rs

from watchlists.folding import FoldedText, fold_text
from watchlists.phonetics import name_skeleton, skeleton

__all__ = ["Hit", "PatternIndex", "ScanText", "Target"]


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
    ordered: bool = True
    fuzzy: bool = True  # whether skeleton (variant spelling) matches are looked for
    surname: str | None = None  # for persons: the word that may refer back to the full name
    plain: bool = False  # every word an everyday word ("MINISTRY OF DEFENCE"): digest at most


@dataclass(slots=True)
class ScanText:
    """A document prepared once for every index: folded, padded, and its skeleton on demand.

    The folded text keeps the original's spacing (so offsets map back); the skeleton is built
    from the words alone, one space apart, so a name written across punctuation or a line
    break ("SOLEIMANI, Qasem") still meets its pattern there.
    """

    folded: FoldedText
    padded: str
    _skeleton: str | None = None
    _skel_starts: list[int] | None = None
    _word_starts: list[int] | None = None
    _word_lens: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> ScanText:
        """Fold and pad a text."""
        folded = fold_text(text)
        return cls(folded, " " + folded.folded + " ")

    @property
    def skeleton(self) -> str:
        """The skeleton of the words, padded, one space between words, capitals kept.

        Patterns are capitalised, so only words written with a capital (as names are) can
        meet them: the lower-case bulk of a text costs one translation and nothing else.
        """
        if self._skeleton is None:
            words = " ".join(self.folded.cased.split())
            # Capitals after the first letter of a word are lowered: "SOLEIMANI" -> "Soleimani".
            words = _CAPITAL_TAIL.sub(_lower, words)
            self._skeleton = skeleton(" " + words + " ")
        return self._skeleton

    def word_span(self, skel_start: int, n_words: int) -> tuple[int, int]:
        """Folded span of the `n_words` words of a skeleton hit starting at `skel_start`."""
        if self._skel_starts is None:
            self._skel_starts = _field_starts(self.skeleton)
            fields = self.folded.folded.split(" ")
            self._word_starts = list(compress(_field_starts(self.folded.folded), fields))
            self._word_lens = list(filter(None, map(len, fields)))
        assert self._word_starts is not None and self._word_lens is not None
        # The hit starts on the space before its first word; field 0 is the empty padding.
        first = bisect_right(self._skel_starts, skel_start + 1) - 2
        last = first + n_words - 1
        return self._word_starts[first], self._word_starts[last] + self._word_lens[last]

    def words(self, start: int, end: int) -> list[str]:
        """The folded words of a folded span."""
        return self.folded.folded[start:end].split()


_CAPITAL_TAIL = re.compile(r"(?<=[A-Z])[A-Z]+")


def _lower(match: re.Match[str]) -> str:
    return match.group().lower()


def _field_starts(text: str) -> list[int]:
    """Start offset of each space-separated field (empty fields included)."""
    return list(accumulate(map((1).__add__, map(len, text.split(" "))), initial=0))


@dataclass(frozen=True, slots=True)
class Hit:
    """A target found at a folded span; `exact` when the folded tokens are equal."""

    start: int
    end: int
    target: Target
    exact: bool


class PatternIndex:
    """Two automata (folded, skeleton) over a fixed set of targets."""

    def __init__(self, targets: Sequence[Target], *, min_skeleton: int = 4) -> None:
        self.targets = list(targets)
        folded: dict[str, list[int]] = {}
        skel: dict[str, list[int]] = {}
        for i, t in enumerate(self.targets):
            text = " ".join(t.tokens)
            folded.setdefault(f" {text} ", []).append(i)
            if t.fuzzy:
                for sk in {name_skeleton(t.tokens), name_skeleton(t.tokens, capital_particle=True)}:
                    if len(sk.replace(" ", "")) >= min_skeleton:
                        skel.setdefault(f" {sk} ", []).append(i)
        self._folded_ids = list(folded.values())
        self._skel_ids = list(skel.values())
        self._skel_ntokens = [p.count(" ") - 1 for p in skel]
        kind = ahocorasick_rs.MatchKind.Standard
        self._folded_ac = (
            ahocorasick_rs.AhoCorasick(list(folded), matchkind=kind) if folded else None
        )
        self._skel_ac = ahocorasick_rs.AhoCorasick(list(skel), matchkind=kind) if skel else None

    def __len__(self) -> int:
        return len(self.targets)

    def hits(self, doc: ScanText) -> Iterator[Hit]:
        """Every folded hit, then every skeleton hit that is not also a folded hit."""
        seen: set[tuple[int, int, int]] = set()
        if self._folded_ac is not None:
            for pid, s, e in self._folded_ac.find_matches_as_indexes(doc.padded, overlapping=True):
                for tid in self._folded_ids[pid]:
                    seen.add((s, e - 2, tid))
                    yield Hit(s, e - 2, self.targets[tid], True)
        if self._skel_ac is not None:
            for pid, s, _e in self._skel_ac.find_matches_as_indexes(doc.skeleton, overlapping=True):
                start, end = doc.word_span(s, self._skel_ntokens[pid])
                for tid in self._skel_ids[pid]:
                    if (start, end, tid) not in seen:
                        yield Hit(start, end, self.targets[tid], False)


def scan_text(text: str) -> ScanText:
    """Prepare a text for `PatternIndex.hits`."""
    return ScanText.of(text)
