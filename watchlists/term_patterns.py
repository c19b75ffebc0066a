"""Watch terms' patterns built in array passes: a million terms without a Python loop per term.

The terms come as one text, a line each (`TermLines`); the folded patterns are its lines, the
skeleton patterns the lines of one `skeleton` call over it, and the distinct-skeleton test and
the grouping of shared patterns run in numpy. Terms with a particle or an inner initial take the
per-term steps. `PatternIndex` uses this for `TermTargets`; a test checks it gives the patterns,
numbering and target lists of the per-target build.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress

import numpy as np
import numpy.typing as npt

from watchlists.patterns import (
    ONE_SHORT_CONSONANTS,
    ONE_SHORT_WORDS,
    IdTable,
    distinct_skeleton,
    spaced,
)
from watchlists.phonetics import PARTICLES, name_skeletons, skeleton_bytes

__all__ = [
    "TermLines",
    "folded_patterns",
    "grouped",
    "grouped_by_hash",
    "line_words",
    "skeleton_patterns",
]


@dataclass(frozen=True, slots=True)
class TermLines:
    """Watch terms for an index built in array passes: one line each, its folded tokens joined
    by one space (lower-case ASCII letters, digits and "&"), and per term whether variants count."""

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


def folded_patterns(
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
    extra = [(i, p) for i, tokens in odd.items() for p in spaced(padded[i][1:-1], tokens)[1:]]
    order, owners = _owner_order(np.arange(n), extra)
    return _ordered(padded, extra, order), owners, odd


def skeleton_patterns(
    batch: TermLines, odd: dict[int, tuple[str, ...]], min_skeleton: int, min_single: int
) -> tuple[list[str], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Skeleton patterns of every line, by line, their owners and their number of words."""
    text = batch.text.encode("ascii")
    # Every term's skeleton, words capitalised as names are written, in array passes over
    # pieces of a megabyte: the skeleton works field for field, so each line is that term's
    # skeleton. In one piece, its arrays were the peak of a million terms' build.
    skel = b"".join(_capital_skeleton(text[a:b]) for a, b in _line_pieces(text, _PIECE))
    skel_starts, skel_ends, _ = line_words(np.frombuffer(skel, np.uint8))
    data = np.frombuffer(text, np.uint8)
    lay = _Layout(data, *line_words(data))
    if len(skel_starts) != len(lay.starts):
        raise AssertionError("a term's skeleton lost or gained a word")
    skel_len = skel_ends - skel_starts
    del skel_starts, skel_ends
    # distinct_skeleton without particles: a single word long enough; or enough consonants in
    # all, and every word two or more but for initials (or one, in a name long enough).
    nwords = lay.nwords
    total = np.add.reduceat(skel_len, lay.first)
    short = np.add.reduceat((skel_len < 2) & (lay.ends - lay.starts > 1), lay.first)
    del lay, skel_len
    carried = (short == 1) & (nwords >= ONE_SHORT_WORDS) & (total >= ONE_SHORT_CONSONANTS)
    distinct = np.where(
        nwords == 1, total >= min_single, (total >= min_skeleton) & ((short == 0) | carried)
    )
    plain = batch.fuzzy & distinct
    plain[list(odd)] = False
    extra = [
        (i, p)
        for i, tokens in odd.items()
        if batch.fuzzy[i]
        for sk in name_skeletons(tokens)
        if distinct_skeleton(sk, tokens, min_skeleton, min_single)
        for p in spaced(sk, tokens)
    ]
    plain_ids = np.flatnonzero(plain)
    order, owners = _owner_order(plain_ids, extra)
    ntokens = np.concatenate(
        (nwords[plain_ids], np.array([p.count(" ") - 1 for _, p in extra], np.intp))
    )[order]
    patterns = _ordered(
        list(compress(_padded_lines(skel.decode("ascii")), plain.tolist())), extra, order
    )
    return patterns, owners, ntokens


# Bytes of terms' text per skeleton call (see `skeleton_patterns`).
_PIECE = 1 << 20


def _line_pieces(text: bytes, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each whole lines of about `size` bytes."""
    start = 0
    while start < len(text):
        end = text.find(b"\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield start, end
        start = end


def _capital_skeleton(data: bytes) -> bytes:
    """The skeleton of whole lines of terms, each word capitalised first."""
    codes = np.frombuffer(data, np.uint8)
    capital = codes.copy()
    head = np.empty(len(codes), np.bool_)
    head[:1] = True
    np.logical_or(codes[:-1] == 32, codes[:-1] == 10, out=head[1:])
    head &= np.subtract(codes, 97, dtype=np.uint8) < 26
    capital[head] -= 32
    return skeleton_bytes(capital.tobytes())


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
    """The order putting extra patterns after their owner's others (as `PatternIndex._build`
    adds them), and the owners in that order."""
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


def grouped(
    patterns: list[str], owners: npt.NDArray[np.intp], *, distinct: bool = False
) -> tuple[IdTable, list[str], npt.NDArray[np.intp]]:
    """What `add_pattern` builds, for patterns listed by owner: the target table, the distinct
    patterns (numbered by first appearance) and where each first appears. `distinct`: known to be.
    """
    if distinct:
        return IdTable.of(owners, np.ones(len(owners), np.intp)), patterns, np.arange(len(owners))
    return grouped_by_hash(patterns, owners)


def grouped_by_hash(
    patterns: list[str],
    owners: npt.NDArray[np.intp],
    hashes: npt.NDArray[np.int64] | None = None,
) -> tuple[IdTable, list[str], npt.NDArray[np.intp]]:
    """`grouped`, the patterns told apart by their hashes (`hash`, or those given) in array
    passes: a dictionary of a million terms' patterns and their numbers was the peak of their
    build. Patterns sharing a hash are compared with the first of it; two that differ (a
    collision) take a dictionary."""
    if hashes is None:
        hashes = np.fromiter(map(hash, patterns), np.int64, len(patterns))
    _, first, code = np.unique(hashes, return_index=True, return_inverse=True)
    del hashes
    if len(first) == len(patterns):
        return IdTable.of(owners, np.ones(len(owners), np.intp)), patterns, np.arange(len(owners))
    later = np.flatnonzero(first[code] != np.arange(len(patterns)))
    # A span at a time: as two lists of Python ints for all, the numbers peaked 40 MB higher.
    for start in range(0, len(later), _SPAN):
        span = later[start : start + _SPAN]
        if not all(
            map(
                str.__eq__,
                map(patterns.__getitem__, span.tolist()),
                map(patterns.__getitem__, first[code[span]].tolist()),
            )
        ):
            return _grouped_by_dict(patterns, owners)
    # np.unique numbers the groups in hash order; renumbered by first appearance.
    order = np.argsort(first)
    rank = np.empty(len(first), np.intp)
    rank[order] = np.arange(len(first))
    return _table(patterns, owners, rank[code], first[order])


# Patterns compared at a time in `grouped_by_hash`.
_SPAN = 1 << 16


def _grouped_by_dict(
    patterns: list[str], owners: npt.NDArray[np.intp]
) -> tuple[IdTable, list[str], npt.NDArray[np.intp]]:
    numbers: dict[str, int] = {}
    code = np.fromiter((numbers.setdefault(p, len(numbers)) for p in patterns), np.intp)
    return _table(patterns, owners, code, np.unique(code, return_index=True)[1])


def _table(
    patterns: list[str],
    owners: npt.NDArray[np.intp],
    code: npt.NDArray[np.intp],
    at: npt.NDArray[np.intp],
) -> tuple[IdTable, list[str], npt.NDArray[np.intp]]:
    """`grouped`'s result from each pattern's number and where each number first appears."""
    unique = [patterns[i] for i in at.tolist()]
    by_pattern = np.argsort(code, kind="stable")  # a pattern's owners in ascending order
    return IdTable.of(owners[by_pattern], np.bincount(code, minlength=len(unique))), unique, at
