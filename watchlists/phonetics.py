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
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

__all__ = [
    "PARTICLES",
    "name_skeletons",
    "phonetic",
    "skeleton",
    "token_similarity",
    "word_skeleton",
]

# Name particles, written in lower case inside names ("Osama bin Laden", "al-Qaeda").
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ud",
        "ad",
        "as",
        "ash",
        "at",
        "az",
        "bin",
        "ibn",
        "bint",
        "ben",
        "abu",
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "dos",
        "das",
        "y",
    ]
)

# Spellings of one sound across transliteration schemes (German, French, English, Polish...).
_DIGRAPHS: tuple[tuple[bytes, bytes], ...] = (
    (b"tsch", b"ch"),
    (b"tch", b"ch"),  # French: Grigorievitch/Grigorievich
    (b"sch", b"sh"),
    (b"dj", b"j"),  # French: Djamel/Jamel
    (b"zh", b"j"),
    (b"ph", b"f"),
    (b"kh", b"h"),  # Х is "kh" or "h": Mikhail/Mihail, Gulbakhor/Gulbahor
    (b"gh", b"g"),
    (b"dh", b"d"),
    (b"th", b"t"),
    (b"ck", b"k"),
    (b"x", b"ks"),
)
_DIGRAPHS += tuple((src.capitalize(), dst.capitalize()) for src, dst in _DIGRAPHS)
# The skeleton drops h anyway (kh, gh, th, dh fall out by themselves) and merges doubles (ck);
# only these two digraphs still need rewriting there.
_SKELETON_DIGRAPHS = (
    (b"tch", b"ch"),
    (b"Tch", b"Ch"),
    (b"dj", b"j"),
    (b"Dj", b"J"),
    (b"sch", b"sh"),
    (b"Sch", b"Sh"),
    (b"ph", b"f"),
    (b"Ph", b"F"),
    (b"kh", b"h"),
    (b"Kh", b"H"),
    (b"x", b"ks"),  # Maxim/Maksim, Alexander/Aleksandr
    (b"X", b"Ks"),
)
_SKELETON_DOUBLES = tuple((c * 2, c) for c in (bytes([b]) for b in b"bfklmnprstv"))
_DOUBLES = re.compile(rb"([a-z])\1+")


def _table(pairs: str) -> bytes:
    table = bytearray(range(256))
    for src, dst in zip(pairs[::2], pairs[1::2], strict=True):
        table[ord(src)] = ord(dst)
    return bytes(table)


# Consonant classes: q/c/g -> k, z -> s, w -> v, d -> t (Gaddafi/Ghathafi, Ahmad/Ahmat),
# x -> ks (above); b/p are left apart. Vowels, y, j and h are dropped from the skeleton;
# capitals are kept, and a capital vowel becomes "^", so a capitalised word keeps a capital
# first character.
# A capital H (and Kh) becomes K: a name's first sound is written G, H, Kh or K across
# transliterations (Halyna/Galina, Heorhiy/Georgiy, Khusein/Gusein/Husein); h elsewhere drops.
_SKELETON_TABLE = _table("qkckgkzswvdtQKCKGKZSWVDTA^E^I^O^U^Y^J^HK")
_SKELETON_DROP = b"aeiouyjh"
# The phonetic form keeps vowels but merges their usual spelling variants.
_PHONETIC_VOWELS: tuple[tuple[bytes, bytes], ...] = (
    (b"ou", b"u"),
    (b"oo", b"u"),
    (b"ee", b"i"),
    (b"ey", b"ei"),
    (b"ay", b"ai"),
)
_PHONETIC_TABLE = _table("qkckgkzswvyiji")


def _rewrite(data: bytes) -> bytes:
    for src, dst in _DIGRAPHS:
        if src in data:
            data = data.replace(src, dst)
    return data


def skeleton(folded: str) -> str:
    """Consonant skeleton of folded text, field for field ("ghasem soleimani" -> "ksm slmn").

    Capitals survive: "Ghasem Soleimani" -> "Ksm Slmn", "Ali" -> "^l".
    """
    data = folded.encode("ascii")
    for src, dst in _SKELETON_DIGRAPHS:
        data = data.replace(src, dst)
    data = data.translate(_SKELETON_TABLE, _SKELETON_DROP)
    # bytes.replace per consonant beats a back-referencing regex several times over.
    for src, dst in _SKELETON_DOUBLES:
        data = data.replace(src, dst)
    return data.decode("ascii")


@lru_cache(maxsize=262144)
def word_skeleton(word: str) -> str:
    """`skeleton` of one word, cached (screening and surname look-ups repeat words)."""
    return skeleton(word)


def name_skeletons(tokens: tuple[str, ...]) -> set[str]:
    """Skeletons of a name as news writes it: words capitalised, particles in lower case, or the
    leading one capitalised ("Al-Qaeda"), or all of them ("Usama Bin Laden").

    Built word by word from cached word skeletons (the skeleton never joins across a space):
    a million watch terms share far fewer words.
    """
    capital = [_capital_skeleton(t) for t in tokens]
    if not any(t in PARTICLES for t in tokens):
        return {" ".join(capital)}
    lower = [
        word_skeleton(t) if t in PARTICLES else c for t, c in zip(tokens, capital, strict=True)
    ]
    return {" ".join(lower), " ".join(capital[:1] + lower[1:]), " ".join(capital)}


@lru_cache(maxsize=262144)
def _capital_skeleton(word: str) -> str:
    return skeleton(word[:1].upper() + word[1:])


@lru_cache(maxsize=262144)
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
