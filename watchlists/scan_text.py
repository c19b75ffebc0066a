"""A document prepared once for every index: folded, padded as the automata read it, and its
consonant skeleton made on demand, with the way from skeleton hits back to words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from watchlists.folding import FoldedText, fold_text
from watchlists.phonetics import PARTICLES, skeleton_bytes

__all__ = ["ScanText"]


@dataclass(slots=True)
class ScanText:
    """A document prepared once for every index: folded, padded, and its skeleton on demand.

    The skeleton keeps the folded text's spacing, field for field, so a skeleton hit maps back
    to words without re-tokenising. The price: a variant spelling across unexpected punctuation
    is not found; the same in the listed spelling is (the folded automaton).
    """

    folded: FoldedText
    # The folded text padded with a space at each end, as ASCII bytes: what the list automata
    # read (a str haystack costs ahocorasick-rs a pass to map byte offsets to characters).
    padded_bytes: bytes
    _skeleton: bytes | None = None
    _spaces: npt.NDArray[np.intp] | None = None
    _skel_spaces: npt.NDArray[np.intp] | None = None
    # One-word names found as written, and whether the text names someone with them in full
    # elsewhere (`context`): that reads the whole text, once per word, not once per hit.
    named_in_full: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> ScanText:
        """Fold and pad a text."""
        folded = fold_text(text)
        return cls(folded, b" " + folded.folded.encode("ascii") + b" ")

    @property
    def padded(self) -> str:
        """`padded_bytes` as text (what the watch-term automata read)."""
        return self.padded_bytes.decode("ascii")

    @property
    def skeleton(self) -> str:
        """`skeleton_bytes` as text."""
        return self.skeleton_bytes.decode("ascii")

    @property
    def skeleton_bytes(self) -> bytes:
        """The skeleton of the padded cased text, field for field, capitals kept.

        Patterns are capitalised, so only words written with a capital (as names are) can
        meet them: the lower-case bulk of a text costs one translation and nothing else. Words
        in capitals read as names there ("QASSEM SULEIMANI" as "Qassem Suleimani"), so a
        headline meets variant spellings too.
        """
        if self._skeleton is None:
            self._skeleton = skeleton_bytes(b" " + self.folded.cased.encode("ascii") + b" ")
        return self._skeleton

    def word_spans(
        self, skel_starts: Sequence[int], n_words: npt.NDArray[np.int8]
    ) -> tuple[list[int], list[int]]:
        """Folded spans (starts, ends) of skeleton hits: the `n_words[i]` words of the hit that
        starts at `skel_starts[i]`. All hits of a text at once: a million watch terms make
        thousands of hits, and one at a time each cost a bisection and a tuple."""
        if self._spaces is None:
            self._spaces = _space_offsets(self.padded_bytes)
        # A hit starts on the space before its first field; the skeleton's fields are the
        # padded text's fields, so field k (k >= 1) starts after the padded text's k-th space,
        # which is where it starts unpadded. The field's number is the number of spaces before
        # it in the skeleton: counted for a few hits (most texts have one or two), looked up
        # in the array of the skeleton's spaces for many.
        if len(skel_starts) <= _COUNTED_HITS:
            skel = self.skeleton_bytes
            first = np.array([skel.count(b" ", 0, s + 1) for s in skel_starts], np.intp)
        else:
            if self._skel_spaces is None:
                self._skel_spaces = _space_offsets(self.skeleton_bytes)
            first = np.searchsorted(self._skel_spaces, skel_starts, side="right")
        spaces = self._spaces
        return spaces[first - 1].tolist(), (spaces[first + n_words - 1] - 1).tolist()

    def words(self, start: int, end: int) -> list[str]:
        """The folded words of a folded span."""
        return self.folded.folded[start:end].split()

    def word_before(self, start: int) -> str | None:
        """The word (cased) right before folded offset `start`, or None when punctuation (a
        double space once folded) or the start of the text comes first."""
        cased = self.folded.cased
        if start < 2 or cased[start - 1] != " " or cased[start - 2] == " ":
            return None
        return cased[cased.rfind(" ", 0, start - 1) + 1 : start - 1]

    def name_before(self, start: int) -> bool:
        """Whether a capitalised word or a name particle comes right before `start`."""
        word = self.word_before(start)
        return word is not None and (word[0].isupper() or word in PARTICLES)

    def name_before_skeleton(self, space: int) -> bool:
        """`name_before` for the skeleton field after the space at `space`, read in the skeleton
        (no way back to the text needed), and looser: any short lower-case field may be a
        particle ("bn" for "bin")."""
        skel = self.skeleton_bytes
        if space < 2 or skel[space - 1] == _SPACE:
            return False
        field = skel[skel.rfind(b" ", 0, space) + 1 : space]
        return not field[:1].islower() or len(field) <= 3


# Up to this many skeleton hits in a text, each hit's field number is counted in the skeleton;
# more, and the skeleton's spaces are found once (an array pass) and searched.
_COUNTED_HITS = 8


_SPACE = ord(" ")


def _space_offsets(text: bytes) -> npt.NDArray[np.intp]:
    """Where the spaces of an ASCII text are."""
    return np.flatnonzero(np.frombuffer(text, np.uint8) == _SPACE)
