"""Pattern strings and the pattern -> targets table, shared by both ways of building an index.

A pattern is a target's folded tokens (or their skeleton) padded with spaces, so that a hit
always covers whole words; `IdTable` maps a pattern's number to the targets it stands for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from watchlists.phonetics import PARTICLES

__all__ = [
    "ONE_SHORT_CONSONANTS",
    "ONE_SHORT_WORDS",
    "IdTable",
    "add_pattern",
    "distinct_skeleton",
    "spaced",
]

# A name of this many words and consonants may hold one word of a single consonant ("Rey Niru
# Engineering Company", "Bou Ali Sina Petrochemical Company"): its other words carry it. In
# shorter names such a word makes a skeleton that meets ordinary capitalised words.
ONE_SHORT_WORDS = 3
ONE_SHORT_CONSONANTS = 7


def spaced(joined: str, tokens: tuple[str, ...], comma: int = 0) -> tuple[str, ...]:
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


def distinct_skeleton(sk: str, tokens: tuple[str, ...], least: int, single: int) -> bool:
    """Skeletons too short collide with ordinary capitalised words ("But More", "Forest")."""
    parts = sk.split(" ")
    if len(parts) == 1:
        return len(sk) >= single
    consonants = len(sk) - len(parts) + 1
    short = sum(
        # An initial ("Victor V. Yatsenko") is one letter by nature.
        len(p) < 2 and t not in PARTICLES and len(t) > 1
        for p, t in zip(parts, tokens, strict=True)
    )
    return consonants >= least and (
        short == 0
        or (short == 1 and len(parts) >= ONE_SHORT_WORDS and consonants >= ONE_SHORT_CONSONANTS)
    )


def add_pattern(patterns: dict[str, int | list[int]], pattern: str, tid: int) -> None:
    """Record that `pattern` stands for target `tid` (a list only once a second one shares it)."""
    old = patterns.setdefault(pattern, tid)
    if old is tid:
        return
    if isinstance(old, list):
        old.append(tid)
    else:
        patterns[pattern] = [old, tid]


class IdTable:
    """Pattern number -> target numbers, in three arrays of ints: one number per pattern (its
    target, or where its shared targets are), and the shared targets end to end.

    No Python object per pattern: with a million watch terms, 130,000 lists of owners took 36 MB
    and every full collection of the cyclic GC walked them; as arrays they take 6 MB, and a
    collection finds nothing inside an array to visit.
    """

    def __init__(self, entries: Iterable[int | list[int]]) -> None:
        self._single = array("l")  # the target, or -1 - k for the k-th shared run
        self._starts = array("l", [0])  # where the k-th shared run starts in `_flat`
        self._flat = array("l")
        for entry in entries:
            if isinstance(entry, list):
                self._single.append(-len(self._starts))
                self._flat.extend(entry)
                self._starts.append(len(self._flat))
            else:
                self._single.append(entry)

    @classmethod
    def of(cls, owners: npt.NDArray[np.intp], counts: npt.NDArray[np.intp]) -> IdTable:
        """The table from every pattern's owners in pattern order, and their number per pattern."""
        table = cls(())
        shared = counts > 1
        single = owners[np.cumsum(counts) - counts]
        single[shared] = -1 - np.arange(int(shared.sum()))
        table._single = _array_of(single)
        del single
        table._flat = _array_of(owners[np.repeat(shared, counts)])
        table._starts.extend(np.cumsum(counts[shared]).tolist())
        return table

    def __getitem__(self, pid: int) -> Sequence[int]:
        value = self._single[pid]
        if value >= 0:
            return (value,)
        return self._flat[self._starts[-1 - value] : self._starts[-value]]


def _array_of(values: npt.NDArray[np.intp]) -> array[int]:
    """An array("l") of a numpy array's ints, read in place (no copy through bytes)."""
    out = array("l")
    out.frombytes(np.ascontiguousarray(values, np.dtype("l")).data.cast("B"))
    return out
