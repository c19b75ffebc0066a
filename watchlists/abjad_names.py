"""Listed names in Arabic script: a run of words written without short vowels, read by its
consonants against every listed (Latin) name of two words or more.

"صدام حسين التكريتي" folds to "sdam hsyn altkryty", which no skeleton pattern of "Saddam Hussein
al-Tikriti" meets: the article is joined, و and ي are long vowels, and alif and ain inside a
word fold to nothing. Both are read as consonants run together (`abjad.name_key`:
"sdmhsnltkrt"), and an equal key is a transliteration of the whole name. Only texts with Arabic
letters pay for this; the keys are built on the first such text, in about 0.5 s (72,797 names,
50,590 keys for all lists, kept as hashes: 0.9 MB).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

from watchlists.abjad import consonant_key, name_key
from watchlists.evidence import Evidence, distinctiveness
from watchlists.name_index import Target
from watchlists.phonetics import PARTICLES
from watchlists.scan_text import ScanText
from watchlists.spellings import VARIANT_IN_SCRIPT

__all__ = ["AbjadNames"]

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
# Without vowels, names of few consonants meet too many others: "sdm hsyn" (Saddam Hussein)
# is "Asadi Mohsen" too. A name needs this many consonants, and a name of two words (unless
# both are rare among listed names) needs more: over the lists' 1,077 Arabic-script names, read
# against their Latin ones, shorter keys were found for the wrong entity more often than for
# the right one.
_MIN_KEY = 8
_MIN_KEY_TWO_WORDS = 10
# The longest run of words read as one name.
_MAX_WORDS = 8
# The forms of a whole name; a partial one ("Muhammad Iyad" of "AL-NA'IMI, Muhammad Iyad") is
# too common a name in this script.
_BASE = {"exact": 1.0, "folded": 1.0, "transliterated": 1.0, "reordered": 0.97}


class AbjadNames:
    """The consonant keys of a sanctions index's names (built on first use), and the finder."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self._targets = targets

    @cached_property
    def _keys(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """Hashes of the consonant keys of names of two words or more (not anchors), sorted,
        and their target numbers: 1 MB where a dictionary of the keys took 16."""
        # Filled in place, no memo of words: what this build allocates and frees is fragmented
        # memory the process keeps (a dictionary of the words, kept during the build, put 20
        # MB on the million-term peak).
        targets = self._targets
        hashes = np.empty(len(targets), np.int64)
        ids = np.empty(len(targets), np.int32)
        n = 0
        for i, target in enumerate(targets):
            if target.given or target.watch or target.how not in _BASE:
                continue
            words = sum(t not in PARTICLES for t in target.tokens)
            if words < 2:
                continue
            key = name_key(target.tokens)
            # Two words rare among listed names tell as much as a third word does.
            enough = words > 2 or sum(target.rare) >= 2
            if len(key) >= (_MIN_KEY if enough else _MIN_KEY_TWO_WORDS):
                hashes[n], ids[n] = hash(key), i
                n += 1
        order = np.argsort(hashes[:n], kind="stable")
        return hashes[:n][order], ids[:n][order]

    def find(self, doc: ScanText) -> list[Evidence]:
        """Evidence for every run of Arabic-script words whose consonants are a listed name's."""
        text = doc.folded.original
        if not doc.folded.beyond_latin1 or _ARABIC_LETTER.search(text) is None:
            return []
        # Every run of two to eight words, by its key: each word's consonants read once, and
        # all looked up in one pass (one at a time, 100 KB of Arabic took 1.7 s).
        windows: list[tuple[int, int, str]] = []  # folded start, end, consonant key
        for run in _arabic_runs(doc):
            keys = [consonant_key(w) for _, _, w in run]
            for i in range(len(run) - 1):
                joined = keys[i]
                for j in range(i + 1, min(len(run), i + _MAX_WORDS)):
                    joined = _joined(joined, keys[j])
                    if len(joined) >= _MIN_KEY:
                        windows.append((run[i][0], run[j][1], joined))
        hashes, ids = self._keys
        if not windows or not len(hashes):
            return []
        wanted = np.fromiter((hash(key) for _, _, key in windows), np.int64, len(windows))
        at = np.searchsorted(hashes, wanted)
        hit = hashes[np.minimum(at, len(hashes) - 1)] == wanted
        found: list[Evidence] = []
        for w in np.flatnonzero(hit).tolist():
            start, end, key = windows[w]
            k = int(at[w])
            while k < len(hashes) and hashes[k] == wanted[w]:
                target = self._targets[int(ids[k])]
                k += 1
                # A hash shared by another key is told apart by the key itself.
                if name_key(target.tokens) == key and (e := _weigh(doc, start, end, target)):
                    found.append(e)
        return found


def _weigh(doc: ScanText, start: int, end: int, target: Target) -> Evidence | None:
    """Score a whole listed name read in a run of Arabic-script words."""
    ostart, oend = doc.folded.to_original(start, end)
    # The whole name is there, in its consonants: its rare words count as found.
    distinct = distinctiveness(target, target.tokens, doc.folded.original, ostart, oend)
    if distinct is None:
        return None
    score = VARIANT_IN_SCRIPT * _BASE[target.how] * distinct * target.weight
    return Evidence(start, end, target, score, "transliterated")


def _joined(key: str, more: str) -> str:
    """Two consonant keys run together as `name_key` runs them: a letter doubled across the
    join is written once (each key has no double of its own)."""
    if key and more and key[-1] == more[0]:
        return key + more[1:]
    return key + more


def _arabic_runs(doc: ScanText) -> list[list[tuple[int, int, str]]]:
    """Runs of Arabic-script words (folded start, end, word) with nothing but a space between."""
    folded, original = doc.folded.folded, doc.folded.original
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+", folded):
        ostart, oend = doc.folded.to_original(m.start(), m.end())
        if _ARABIC_LETTER.search(original, ostart, oend) is None:
            run = []
            continue
        if run and m.start() != run[-1][1] + 1:
            run = []  # punctuation between (folded to more than one space)
        if not run:
            runs.append(run)
        run.append((m.start(), m.end(), m.group()))
    return [r for r in runs if len(r) >= 2]
