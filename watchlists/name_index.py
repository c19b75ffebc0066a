"""Aho-Corasick automata over folded names and their consonant skeletons.

A `PatternIndex` finds, in one pass each, every place where the folded tokens of a target appear
(exact after folding) and every place where their skeletons appear (candidates for
transliteration variants and typos, checked afterwards). Patterns are padded with spaces so a
hit always covers whole words.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from watchlists.folding import FoldedText, fold_text
from watchlists.phonetics import PARTICLES, name_skeletons, skeleton

__all__ = ["Hit", "PatternIndex", "ScanText", "Target", "TermLines", "line_words"]


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


@dataclass(slots=True)
class ScanText:
    """A document prepared once for every index: folded, padded, and its skeleton on demand.

    The skeleton keeps the folded text's spacing, field for field, so a skeleton hit maps back
    to words without re-tokenising. The price: a variant spelling across unexpected punctuation
    is not found; the same in the listed spelling is (the folded automaton).
    """

    folded: FoldedText
    padded: str
    _skeleton: str | None = None
    _spaces: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> ScanText:
        """Fold and pad a text."""
        folded = fold_text(text)
        return cls(folded, " " + folded.folded + " ")

    @property
    def skeleton(self) -> str:
        """The skeleton of the padded cased text, field for field, capitals kept.

        Patterns are capitalised, so only words written with a capital (as names are) can
        meet them: the lower-case bulk of a text costs one translation and nothing else. Words
        in capitals read as names there ("QASSEM SULEIMANI" as "Qassem Suleimani"), so a
        headline meets variant spellings too.
        """
        if self._skeleton is None:
            self._skeleton = skeleton(" " + self.folded.cased + " ")
        return self._skeleton

    def word_span(self, skel_start: int, n_words: int) -> tuple[int, int]:
        """Folded span of the `n_words` words of a skeleton hit starting at `skel_start`."""
        if self._spaces is None:
            # Offsets of the padded text's spaces, found in one array pass (a list of field
            # starts built in Python cost ten times as much on a long article), then as a list:
            # a million watch terms make thousands of hits, and a list reads faster than an array.
            padded = np.frombuffer(self.padded.encode("ascii"), np.uint8)
            self._spaces = np.flatnonzero(padded == ord(" ")).tolist()
        # The hit starts on the space before its first field; the skeleton's fields are the
        # padded text's fields, so field k (k >= 1) starts after the padded text's k-th space,
        # which is where it starts unpadded. The field's number is the number of spaces before
        # it (counted in C, no list).
        first = self.skeleton.count(" ", 0, skel_start + 1)
        last = first + n_words - 1
        return self._spaces[first - 1], self._spaces[last] - 1

    def words(self, start: int, end: int) -> list[str]:
        """The folded words of a folded span."""
        return self.folded.folded[start:end].split()


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
        self, targets: Sequence[Target], *, min_skeleton: int = 5, min_single: int = 6
    ) -> None:
        self.targets = targets
        # Millions of small objects: the cyclic GC would rescan them all again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(targets, min_skeleton, min_single)
        finally:
            if enabled:
                gc.enable()

    def _build(self, targets: Sequence[Target], min_skeleton: int, min_single: int) -> None:
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
        folded: dict[str, int | list[int]] = {}
        for i in range(len(targets)):
            tokens = tokens_of(i)
            for pattern in _spaced(" ".join(tokens), tokens, comma_of(i)):
                _add(folded, pattern, i)
        self._folded_ids = _IdTable(folded.values())
        self._folded_ac = _automaton(folded)
        del folded
        skel: dict[str, int | list[int]] = {}
        for i in range(len(targets)):
            tokens, fuzzy = shape(i)
            if fuzzy:
                for sk in name_skeletons(tokens):
                    if _distinct_skeleton(sk, tokens, min_skeleton, min_single):
                        for pattern in _spaced(sk, tokens, comma_of(i)):
                            _add(skel, pattern, i)
        self._skel_ids = _IdTable(skel.values())
        self._skel_ntokens = array("b", (p.count(" ") - 1 for p in skel))
        self._skel_ac = _automaton(skel)

    def _build_lines(self, batch: TermLines, min_skeleton: int, min_single: int) -> None:
        """`_build` for watch terms (no commas, no persons), in array passes over all terms.

        Gives the patterns, their numbering and the target lists `_build` gives (a test compares
        the two); terms with a particle or an inner initial take `_build`'s per-term steps.
        """
        patterns, owners, odd = _folded_patterns(batch.text)
        self._folded_ids, unique, _ = _grouped(patterns, owners, distinct=batch.distinct)
        # Building an automaton is the peak of memory: nothing but its patterns stays alive.
        del patterns, owners
        self._folded_ac = _automaton(unique)
        del unique
        patterns, owners, ntokens = _skeleton_patterns(batch, odd, min_skeleton, min_single)
        self._skel_ids, unique, at = _grouped(patterns, owners)
        del patterns, owners
        self._skel_ntokens = array("b", ntokens[at].astype(np.int8).tobytes())
        del ntokens, at
        self._skel_ac = _automaton(unique)

    def __len__(self) -> int:
        return len(self.targets)

    def skeleton_hits(self, doc: ScanText) -> Iterator[tuple[int, int, int, list[int]]]:
        """Raw skeleton hits: (folded start, folded end, pattern number, target numbers).

        For callers that judge a hit once per distinct spelling (watch terms: one skeleton may
        be shared by hundreds of terms) and so want no `Target` made before they must.
        """
        if self._skel_ac is None:
            return
        for pid, s, _e in self._skel_ac.find_matches_as_indexes(doc.skeleton, overlapping=True):
            start, end = doc.word_span(s, self._skel_ntokens[pid])
            yield start, end, pid, self._skel_ids[pid]

    def folded_hits(self, doc: ScanText) -> Iterator[Hit]:
        """Only the hits exact after folding."""
        if self._folded_ac is None:
            return
        targets = self.targets
        for pid, s, e in self._folded_ac.find_matches_as_indexes(doc.padded, overlapping=True):
            for tid in self._folded_ids[pid]:
                yield Hit(s, e - 2, targets[tid], True)

    def hits(self, doc: ScanText) -> Iterator[Hit]:
        """Every folded hit, then every skeleton hit that is not also a folded hit."""
        seen: set[tuple[int, int, int]] = set()
        targets = self.targets
        if self._folded_ac is not None:
            for pid, s, e in self._folded_ac.find_matches_as_indexes(doc.padded, overlapping=True):
                for tid in self._folded_ids[pid]:
                    seen.add((s, e - 2, tid))
                    yield Hit(s, e - 2, targets[tid], True)
        if self._skel_ac is not None:
            for pid, s, _e in self._skel_ac.find_matches_as_indexes(doc.skeleton, overlapping=True):
                start, end = doc.word_span(s, self._skel_ntokens[pid])
                for tid in self._skel_ids[pid]:
                    if (start, end, tid) not in seen:
                        yield Hit(start, end, targets[tid], False)


@dataclass(frozen=True, slots=True)
class TermLines:
    """Watch terms for an index built in array passes: one line each, its folded tokens joined
    by one space (lower-case ASCII letters and digits), and per term whether variants count."""

    text: str
    fuzzy: npt.NDArray[np.bool_]
    distinct: bool  # no line twice (known from the keys, cheaper than finding out)


def line_words(
    data: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start and end of every word of lines of single-spaced words, and each line's first word."""
    gaps = np.flatnonzero((data == 32) | (data == 10))
    starts = np.concatenate((np.zeros(1, np.intp), gaps + 1))
    ends = np.concatenate((gaps, np.full(1, len(data), np.intp)))
    first = np.concatenate((np.zeros(1, np.intp), np.flatnonzero(data[gaps] == 10) + 1))
    return starts, ends, first


_PARTICLE_CODES = np.array([int.from_bytes(p.encode("ascii"), "big") for p in PARTICLES])
_PARTICLE_LONGEST = max(map(len, PARTICLES))


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the words of a `TermLines.text` are: per word start, end, length; per line first
    word and number of words."""

    data: npt.NDArray[np.uint8]
    starts: npt.NDArray[np.intp]
    ends: npt.NDArray[np.intp]
    first: npt.NDArray[np.intp]

    @classmethod
    def of(cls, text: str) -> _Layout:
        data = np.frombuffer(text.encode("ascii"), np.uint8)
        return cls(data, *line_words(data))

    @property
    def nwords(self) -> npt.NDArray[np.intp]:
        return np.diff(self.first, append=len(self.starts))


def _folded_patterns(
    text: str,
) -> tuple[list[str], npt.NDArray[np.intp], dict[int, tuple[str, ...]]]:
    """Folded patterns of every line, by line, their owners, and the lines needing the per-term
    steps (a particle: lower-case skeleton variants; an inner initial: a second spacing)."""
    lay = _Layout.of(text)
    n = len(lay.first)
    lengths = lay.ends - lay.starts
    last = np.zeros(len(lay.starts), np.bool_)
    last[lay.first[1:] - 1] = True
    last[-1] = True
    odd_word = ((lengths == 1) & ~last) | _particles(lay.data, lay.starts, lengths)
    odd_line = np.repeat(np.arange(n), lay.nwords)[odd_word]
    del lay, lengths, last, odd_word
    padded = _padded_lines(text)
    odd = {i: tuple(padded[i][1:-1].split(" ")) for i in np.unique(odd_line).tolist()}
    extra = [(i, p) for i, tokens in odd.items() for p in _spaced(padded[i][1:-1], tokens)[1:]]
    order, owners = _owner_order(np.arange(n), extra)
    return _ordered(padded, extra, order), owners, odd


def _skeleton_patterns(
    batch: TermLines, odd: dict[int, tuple[str, ...]], min_skeleton: int, min_single: int
) -> tuple[list[str], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Skeleton patterns of every line, by line, their owners and their number of words."""
    lay = _Layout.of(batch.text)
    # Every term's skeleton in one call on all lines, words capitalised as names are written:
    # the skeleton works field for field, so each line is that term's skeleton.
    capital = lay.data.copy()
    heads = capital[lay.starts]
    capital[lay.starts] = np.where((heads >= 97) & (heads <= 122), heads - 32, heads)
    skel_text = skeleton(capital.tobytes().decode("ascii"))
    del capital, heads
    skel_starts, skel_ends, _ = line_words(np.frombuffer(skel_text.encode("ascii"), np.uint8))
    if len(skel_starts) != len(lay.starts):
        raise AssertionError("a term's skeleton lost or gained a word")
    skel_len = skel_ends - skel_starts
    del skel_starts, skel_ends
    # _distinct_skeleton without particles: a single word long enough; or enough consonants in
    # all, and every word two or more but for initials.
    nwords = lay.nwords
    total = np.add.reduceat(skel_len, lay.first)
    each = np.logical_and.reduceat((skel_len >= 2) | (lay.ends - lay.starts == 1), lay.first)
    del lay, skel_len
    distinct = np.where(nwords == 1, total >= min_single, (total >= min_skeleton) & each)
    plain = batch.fuzzy & distinct
    plain[list(odd)] = False
    extra = [
        (i, p)
        for i, tokens in odd.items()
        if batch.fuzzy[i]
        for sk in name_skeletons(tokens)
        if _distinct_skeleton(sk, tokens, min_skeleton, min_single)
        for p in _spaced(sk, tokens)
    ]
    plain_ids = np.flatnonzero(plain)
    order, owners = _owner_order(plain_ids, extra)
    ntokens = np.concatenate(
        (nwords[plain_ids], np.array([p.count(" ") - 1 for _, p in extra], np.intp))
    )[order]
    patterns = _ordered(list(compress(_padded_lines(skel_text), plain.tolist())), extra, order)
    return patterns, owners, ntokens


def _particles(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Which words are particles: short words read as big-endian integers, looked up."""
    short = np.flatnonzero(lengths <= _PARTICLE_LONGEST)
    code = np.zeros(len(short), np.int64)
    for k in range(_PARTICLE_LONGEST):
        has = lengths[short] > k
        code[has] = code[has] * 256 + data[starts[short[has]] + k]
    out = np.zeros(len(starts), np.bool_)
    out[short] = np.isin(code, _PARTICLE_CODES)
    return out


def _padded_lines(text: str) -> list[str]:
    """Every line of `text` with a space before and after (in three passes, not a loop)."""
    return (" " + text.replace("\n", " \n ") + " ").split("\n")


def _owner_order(
    owners: npt.NDArray[np.intp], extra: list[tuple[int, str]]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The order putting extra patterns after their owner's others (as `_build` adds them), and
    the owners in that order."""
    every = np.concatenate((owners, np.array([i for i, _ in extra], np.intp)))
    order = np.argsort(every, kind="stable")
    return order, every[order]


def _ordered(
    patterns: list[str], extra: list[tuple[int, str]], order: npt.NDArray[np.intp]
) -> list[str]:
    if not extra:
        return patterns
    every = patterns + [p for _, p in extra]
    return [every[k] for k in order.tolist()]


def _grouped(
    patterns: list[str], owners: npt.NDArray[np.intp], *, distinct: bool = False
) -> tuple[_IdTable, list[str], npt.NDArray[np.intp]]:
    """What `_add` builds, for patterns listed by owner: the target table, the distinct patterns
    (numbered by first appearance) and where each last appears. `distinct`: known to be."""
    if distinct:
        return _IdTable.of(owners, np.ones(len(owners), np.intp)), patterns, np.arange(len(owners))
    last = dict(zip(patterns, range(len(patterns)), strict=True))
    if len(last) == len(patterns):
        return _IdTable.of(owners, np.ones(len(owners), np.intp)), patterns, np.arange(len(owners))
    at = np.fromiter(last.values(), np.intp, len(last))
    code = np.full(len(patterns), -1, np.intp)
    code[at] = np.arange(len(at))
    # A pattern's earlier appearances take the number of its last one.
    earlier = np.flatnonzero(code < 0)
    code[earlier] = code[
        np.fromiter(
            map(last.__getitem__, map(patterns.__getitem__, earlier.tolist())),
            np.intp,
            len(earlier),
        )
    ]
    unique = list(last)
    del last
    by_pattern = np.argsort(code, kind="stable")  # a pattern's owners in ascending order
    return _IdTable.of(owners[by_pattern], np.bincount(code, minlength=len(unique))), unique, at


def _comma_after(target: Target) -> int:
    """How many leading tokens form the surname when a person's form starts with it ("soleimani
    qasem", "bin laden usama"): news and lists write a comma there. 0 when it does not."""
    if not target.person or target.surname is None or target.surname not in target.tokens:
        return 0
    k = target.tokens.index(target.surname) + 1
    if k >= len(target.tokens) or not all(t in PARTICLES for t in target.tokens[: k - 1]):
        return 0
    return k


def _spaced(joined: str, tokens: tuple[str, ...], comma: int = 0) -> tuple[str, ...]:
    """The padded pattern; also with a second space where the text's punctuation folds to one:
    after an inner initial's full stop ("Sergei K. Shoigu" folds to "sergei k  shoigu") and
    after a surname written first with a comma ("Soleimani, Qasem": "soleimani  qasem")."""
    padded = f" {joined} "
    last = len(tokens) - 1
    gaps = {i for i, t in enumerate(tokens[:-1]) if len(t) == 1}
    if not gaps and not comma:
        return (padded,)
    words = joined.split(" ")
    out = [padded]
    if gaps:
        out.append(" " + " ".join(w + " " if i in gaps else w for i, w in enumerate(words)) + " ")
    if comma:
        out.append(
            " "
            + " ".join(w + " " if i == comma - 1 < last else w for i, w in enumerate(words))
            + " "
        )
    return tuple(out)


def _distinct_skeleton(sk: str, tokens: tuple[str, ...], least: int, single: int) -> bool:
    """Skeletons too short collide with ordinary capitalised words ("But More", "Forest")."""
    parts = sk.split(" ")
    if len(parts) == 1:
        return len(sk) >= single
    return len(sk) - len(parts) + 1 >= least and all(
        # An initial ("Victor V. Yatsenko") is one letter by nature.
        len(p) >= 2 or t in PARTICLES or len(t) == 1
        for p, t in zip(parts, tokens, strict=True)
    )


def _add(patterns: dict[str, int | list[int]], pattern: str, tid: int) -> None:
    old = patterns.setdefault(pattern, tid)
    if old is tid:
        return
    if isinstance(old, list):
        old.append(tid)
    else:
        patterns[pattern] = [old, tid]


def _automaton(
    patterns: Iterable[str] | dict[str, int | list[int]],
) -> ahocorasick_rs.AhoCorasick | None:
    keys = patterns.keys() if isinstance(patterns, dict) else patterns
    if not keys:
        return None
    return ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)


class _IdTable:
    """Pattern number -> target numbers: one int each in an array, lists only where shared."""

    def __init__(self, entries: Iterable[int | list[int]]) -> None:
        self._single = array("l")
        self._shared: list[list[int]] = []
        for entry in entries:
            if isinstance(entry, list):
                self._single.append(-1 - len(self._shared))
                self._shared.append(entry)
            else:
                self._single.append(entry)

    @classmethod
    def of(cls, owners: npt.NDArray[np.intp], counts: npt.NDArray[np.intp]) -> _IdTable:
        """The table from every pattern's owners in pattern order, and their number per pattern."""
        table = cls(())
        shared = counts > 1
        single = owners[np.cumsum(counts) - counts]
        single[shared] = -1 - np.arange(int(shared.sum()))
        table._single.frombytes(single.astype(np.dtype("l")).tobytes())
        # Python lists only for the shared patterns' owners, as `__init__` keeps them.
        sizes = counts[shared]
        every = owners[np.repeat(shared, counts)].tolist()
        table._shared = [
            every[s : s + c]
            for s, c in zip((np.cumsum(sizes) - sizes).tolist(), sizes.tolist(), strict=True)
        ]
        return table

    def __getitem__(self, pid: int) -> list[int]:
        value = self._single[pid]
        return [value] if value >= 0 else self._shared[-1 - value]
