"""How much a name says: plain words ("NEXT", "THE BASE") say little, rare names say much.

Word frequencies come from wordfreq (English, Zipf scale: 7 for "the", 3 for a word seen once per
million, 0 for unknown). A name's information is the sum over its tokens of how far each falls
below everyday vocabulary; "qasem soleimani" carries about 7, "vladimir putin" about 3, "ministry
of defence" under 2 and "the base" under 0.5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import repeat

import numpy as np
import numpy.typing as npt
from wordfreq import get_frequency_dict, zipf_frequency

__all__ = [
    "COMMON_ZIPF",
    "common_words",
    "is_common_word",
    "name_information",
    "token_zipf",
    "word_zipf",
    "words_zipf",
]

# Tokens at or above this Zipf frequency count for nothing (5.5: "company", "power", "next").
COMMON_ZIPF = 5.5
# A token this frequent is an everyday word ("defence", "bank", "light").
_EVERYDAY_ZIPF = 4.4


@lru_cache(maxsize=262144)
def token_zipf(token: str) -> float:
    """English Zipf frequency of a folded (lower-case) token; digits and one letter count as
    common."""
    return word_zipf(token)


def word_zipf(token: str) -> float:
    """`token_zipf` without its cache, for one pass over many words that would only churn it."""
    if len(token) <= 1 or token.isdigit():
        return 7.0
    if token.isascii() and token.isalpha():
        # The same table zipf_frequency reads, without its tokenizer (a folded token is one
        # word already): 1 us instead of 14 us, which is 1.4 s of building the list index and
        # most of building a million watch terms' one.
        return _zipf(_english().get(token, 0.0))
    return float(zipf_frequency(token, "en"))


def words_zipf(words: Sequence[str]) -> npt.NDArray[np.float64]:
    """`word_zipf` of each of many words (a million watch terms bring 2.3 million, 600,000 of
    them distinct): the table read for all in one `map`, each distinct frequency made a Zipf
    value once; `word_zipf` itself only where the table is not the answer."""
    english = _english()
    frequency = np.fromiter(map(english.get, words, repeat(0.0)), np.float64, len(words))
    zipf = np.zeros(len(words), np.float64)
    known = np.flatnonzero(frequency)
    values, inverse = np.unique(frequency[known], return_inverse=True)
    zipf[known] = np.array([_zipf(f) for f in values.tolist()], np.float64)[inverse]
    # One letter, digits, other characters: each its own rule (see word_zipf).
    plain = np.fromiter(map(str.isalpha, words), np.bool_, len(words))
    plain &= np.fromiter(map(str.isascii, words), np.bool_, len(words))
    plain &= np.fromiter(map(len, words), np.intp, len(words)) > 1
    for i in np.flatnonzero(~plain).tolist():
        zipf[i] = word_zipf(words[i])
    return zipf


def _zipf(frequency: float) -> float:
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


@cache
def _english() -> dict[str, float]:
    """wordfreq's English frequency table (loaded once; zipf_frequency caches the same dict)."""
    return get_frequency_dict("en")


def common_words(min_zipf: float) -> list[str]:
    """English words (letters only) at least this frequent, most frequent first."""
    least = 10 ** (min_zipf - 9)
    return [w for w, f in _english().items() if f >= least and w.isascii() and w.isalpha()]


def is_common_word(token: str) -> bool:
    """True for an everyday English word."""
    return token_zipf(token) >= _EVERYDAY_ZIPF


def name_information(tokens: Iterable[str]) -> float:
    """Sum of each token's rarity below everyday vocabulary (0 for a phrase of common words)."""
    return sum(max(0.0, COMMON_ZIPF - token_zipf(t)) for t in tokens)
