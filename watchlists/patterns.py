"""Pattern strings and the pattern -> targets table, shared by both ways of building an index.

A pattern is a target's folded tokens (or their skeleton) padded with spaces, so that a hit
always covers whole words; `IdTable` maps a pattern's number to the targets it stands for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

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
    """Pattern number -> target numbers: one int each in an array, tuples only where shared.

    Tuples of ints, in a tuple: the cyclic GC stops tracking them after one look, where lists
    (190,000 of them with a million watch terms) were traversed by every full collection.
    """

    def __init__(self, entries: Iterable[int | list[int]]) -> None:
        self._single = array("l")
        shared: list[tuple[int, ...]] = []
        for entry in entries:
            if isinstance(entry, list):
                self._single.append(-1 - len(shared))
                shared.append(tuple(entry))
            else:
                self._single.append(entry)
        self._shared = tuple(shared)

    @classmethod
    def of(cls, owners: npt.NDArray[np.intp], counts: npt.NDArray[np.intp]) -> IdTable:
        """The table from every pattern's owners in pattern order, and their number per pattern."""
        table = cls(())
        shared = counts > 1
        single = owners[np.cumsum(counts) - counts]
        single[shared] = -1 - np.arange(int(shared.sum()))
        table._single.frombytes(single.astype(np.dtype("l")).tobytes())
        # Tuples only for the shared patterns' owners, as `__init__` keeps them.
        sizes = counts[shared]
        every = owners[np.repeat(shared, counts)].tolist()
        table._shared = tuple(
            tuple(every[s : s + c])
            for s, c in zip((np.cumsum(sizes) - sizes).tolist(), sizes.tolist(), strict=True)
        )
        return table

    def __getitem__(self, pid: int) -> tuple[int, ...]:
        value = self._single[pid]
        return (value,) if value >= 0 else self._shared[-1 - value]
