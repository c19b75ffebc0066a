"""Phonetic keys of folded names: where transliteration variants of one name meet.

Two forms, both computed on folded text (lower-case ASCII, space-separated):

- the *skeleton*: consonant classes without vowels or doubled letters ("ghasem soleimani" and
  "qassem suleymani" both give "ksm slmn"). Coarse on purpose: it finds candidates, it does not
  decide. "solomon" gives "slmn" as well; the similarity check rejects it.
- the *phonetic form*: the same rewrites keeping vowels, compared with edit distance to decide.

Both work on whole texts with byte-level replace/translate (C speed) and never touch spaces, so
the n-th space-separated field of the skeleton is the n-th field of the folded text.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import JaroWinkler, Levenshtein

__all__ = ["phonetic", "skeleton", "token_similarity"]

# Spellings of one sound across transliteration schemes (German, French, English, Polish...).
_DIGRAPHS: tuple[tuple[bytes, bytes], ...] = (
    (b"tsch", b"ch"),
    (b"sch", b"sh"),
    (b"zh", b"j"),
    (b"ph", b"f"),
    (b"kh", b"k"),
    (b"gh", b"g"),
    (b"dh", b"d"),
    (b"th", b"t"),
    (b"ck", b"k"),
)
_DOUBLES = re.compile(rb"([a-z])\1+")


def _table(pairs: str) -> bytes:
    table = bytearray(range(256))
    for src, dst in zip(pairs[::2], pairs[1::2], strict=True):
        table[ord(src)] = ord(dst)
    return bytes(table)


# Consonant classes: q/c/g -> k, z -> s, w -> v, x -> k, and b/p, d/t left apart (they do
# distinguish names). Vowels, y, j and h are dropped from the skeleton.
_SKELETON_TABLE = _table("qkckgkzswvxk")
_SKELETON_DROP = b"aeiouyjh"
# The phonetic form keeps vowels but merges their usual spelling variants.
_PHONETIC_VOWELS: tuple[tuple[bytes, bytes], ...] = (
    (b"ou", b"u"),
    (b"oo", b"u"),
    (b"ee", b"i"),
    (b"ey", b"ei"),
    (b"ay", b"ai"),
)
_PHONETIC_TABLE = _table("qkckzswvxkyiji")


def _rewrite(data: bytes) -> bytes:
    for src, dst in _DIGRAPHS:
        if src in data:
            data = data.replace(src, dst)
    return data


def skeleton(folded: str) -> str:
    """Consonant skeleton of folded text, field for field ("ghasem soleimani" -> "ksm slmn")."""
    data = _rewrite(folded.encode("ascii")).translate(_SKELETON_TABLE, _SKELETON_DROP)
    return _DOUBLES.sub(rb"\1", data).decode("ascii")


def phonetic(folded: str) -> str:
    """Phonetic form of folded text, keeping vowels ("qassem suleymani" -> "kasem suleimani")."""
    data = _rewrite(folded.encode("ascii"))
    for src, dst in _PHONETIC_VOWELS:
        if src in data:
            data = data.replace(src, dst)
    data = data.translate(_PHONETIC_TABLE)
    return _DOUBLES.sub(rb"\1", data).decode("ascii")


def token_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two folded tokens, after phonetic rewriting.

    The lower of Jaro-Winkler and normalised Levenshtein similarity: Jaro-Winkler alone is
    lenient with long shared prefixes ("solomon"/"soleimani"), Levenshtein alone with short words.
    """
    if a == b:
        return 1.0
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return 0.97
    jw = JaroWinkler.normalized_similarity(pa, pb)
    lev = Levenshtein.normalized_similarity(pa, pb)
    return min(jw, lev + 0.1)
