"""How much a name says: plain words ("NEXT", "THE BASE") say little, rare names say much.

Word frequencies come from wordfreq (English, Zipf scale: 7 for "the", 3 for a word seen once per
million, 0 for unknown). A name's information is the sum over its tokens of how far each falls
below everyday vocabulary; "qasem soleimani" carries about 7, "vladimir putin" about 3, "ministry
of defence" under 2 and "the base" under 0.5.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

__all__ = ["COMMON_ZIPF", "is_common_word", "name_information", "token_zipf"]

# Tokens at or above this Zipf frequency count for nothing (5.5: "company", "power", "next").
COMMON_ZIPF = 5.5
# A token this frequent is an everyday word ("defence", "bank", "light").
_EVERYDAY_ZIPF = 4.4


@lru_cache(maxsize=262144)
def token_zipf(token: str) -> float:
    """English Zipf frequency of a folded token (digits and one letter count as common)."""
    if len(token) <= 1 or token.isdigit():
        return 7.0
    return float(zipf_frequency(token, "en"))


def is_common_word(token: str) -> bool:
    """True for an everyday English word."""
    return token_zipf(token) >= _EVERYDAY_ZIPF


def name_information(tokens: Iterable[str]) -> float:
    """Sum of each token's rarity below everyday vocabulary (0 for a phrase of common words)."""
    return sum(max(0.0, COMMON_ZIPF - token_zipf(t)) for t in tokens)
