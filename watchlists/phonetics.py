"""Phonetic keys of folded names: where transliteration variants of one name meet.

Two forms, both computed on folded text (lower-case ASCII, space-separated):

- the *skeleton*: consonant classes without vowels or repeated letters ("ghasem soleimani" and
  "qassem suleymani" both give "ksm slmn"). Coarse on purpose: it finds candidates, it does not
  decide. "solomon" gives "slmn" as well; the similarity check rejects it.
- the *phonetic form*: the same rewrites keeping vowels, compared with edit distance to decide.

Both work on whole texts with byte-level replace/translate (C speed) and never touch spaces, so
the n-th space-separated field of the skeleton is the n-th field of the folded text. A whole
article's skeleton takes an array path (numpy) giving the same bytes in fewer passes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler, Levenshtein

__all__ = [
    "PARTICLES",
    "name_skeletons",
    "phonetic",
    "phonetic_text",
    "skeleton",
    "skeleton_bytes",
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
_LOWER_DIGRAPHS: tuple[tuple[bytes, bytes], ...] = (
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
_DIGRAPHS = _LOWER_DIGRAPHS + tuple(
    (src.capitalize(), dst.capitalize()) for src, dst in _LOWER_DIGRAPHS
)
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
    # The capitalised half only where capitals are: each test is a pass over the text.
    for src, dst in _LOWER_DIGRAPHS if data.islower() else _DIGRAPHS:
        if src in data:
            data = data.replace(src, dst)
    return data


def skeleton(folded: str) -> str:
    """Consonant skeleton of folded text, field for field ("ghasem soleimani" -> "ksm slmn").

    Capitals survive: "Ghasem Soleimani" -> "Ksm Slmn", "Ali" -> "^l". A capital right after a
    capital counts as lower case, so words in capitals read as names: "QASSEM" -> "Ksm".
    """
    return skeleton_bytes(folded.encode("ascii")).decode("ascii")


def skeleton_bytes(data: bytes) -> bytes:
    """`skeleton` of ASCII bytes, as bytes (what the list automata read)."""
    if len(data) >= _ARRAY_FROM:
        return _array_skeleton(data)
    return _bytes_skeleton(data)


# The letters after the first of a word in capitals ("QASSEM": "ASSEM").
_CAPITAL_TAIL = re.compile(rb"(?<=[A-Z])[A-Z]+")


def _bytes_skeleton(data: bytes) -> bytes:
    """The skeleton by its definition: sequential rewrites, translation, doubles merged."""
    if _CAPITAL_TAIL.search(data):
        data = _CAPITAL_TAIL.sub(lambda m: m.group().lower(), data)
    for src, dst in _SKELETON_DIGRAPHS:
        data = data.replace(src, dst)
    data = data.translate(_SKELETON_TABLE, _SKELETON_DROP)
    # bytes.replace per consonant beats a back-referencing regex several times over. A pass
    # halves a run ("ttt" -> "tt"), so runs of three, where vowels fell between ("Bazzaz",
    # "Turrira" against "Bazaz", "Turira"), take one pass more: every run merges to one letter.
    for src, dst in _SKELETON_DOUBLES:
        while src in data:
            data = data.replace(src, dst)
    return data


# The array path, for whole articles: the ~25 bytes passes above each cost a pass over the text
# (56 us for a 2 KB article); numpy does the work in a few (21 us). Below ~400 bytes numpy's
# fixed cost per call loses, and names and words (~100k calls at index build) stay on bytes.
_ARRAY_FROM = 512
# Output bytes of the lookup that are not ASCII, so no text byte can be mistaken for them:
_GONE = 0x80  # a dropped character
# Pairs whose output depends on a third character, marked by the lookup and decided after it,
# at these few places: t, T, s, S before "c" (tch, Tch, sch, Sch if an "h" follows) and D
# before "d" (the bytes path turns "Ddj" into "Dj", then "J").
_MARKED = (b"tc", b"Tc", b"sc", b"Sc", b"Dd")
_FIRST_MARK = 0xFB
# "{|}~" and DEL are kept as they are but must not merge as doubles; the merge test takes
# "byte >= 97 read as int8" for "lower-case letter", so they travel as negative int8 stand-ins.
_HIGH_ASCII = range(123, 128)
_STAND_IN = {c: 0x90 + i for i, c in enumerate(_HIGH_ASCII)}
# x and X become ks and Ks before the lookup, spelled in non-ASCII bytes so that no rule sees
# their "s" (the bytes path rewrites x last: "xch" gives "ksk", not "ks").
_X_LOWER, _X_UPPER = b"\xf0\xf1", b"\xf2\xf1"


def _pair_table() -> npt.NDArray[np.uint8]:
    """Output byte for every (character, next character), as a 65536-entry table."""
    single = bytearray(_GONE if c in _SKELETON_DROP else _SKELETON_TABLE[c] for c in range(256))
    for c, stand_in in _STAND_IN.items():
        single[c] = stand_in
    single[0xF0], single[0xF1], single[0xF2] = b"ksK"
    pairs = np.repeat(np.frombuffer(bytes(single), np.uint8), 256)
    # The rewrites that depend on the next character only: ph -> f, kh -> h, dj -> j.
    for pair, out in ((b"ph", ord("f")), (b"Ph", ord("F")), (b"kh", _GONE), (b"dj", _GONE)):
        pairs[int.from_bytes(pair, "big")] = out
    pairs[int.from_bytes(b"Dj", "big")] = ord("^")  # Dj -> J -> ^
    # Kh -> H -> K gives what K with h dropped gives: no entry.
    for mark, pair in enumerate(_MARKED, _FIRST_MARK):
        pairs[int.from_bytes(pair, "big")] = mark
    return pairs


_PAIRS = _pair_table()
_BIG_ENDIAN_U16 = np.dtype(">u2")
_RESTORE = _table("".join(chr(s) + chr(c) for c, s in _STAND_IN.items()))
_GONE_BYTE = bytes([_GONE])


def _array_skeleton(data: bytes) -> bytes:
    """`_bytes_skeleton` in a few numpy passes: one table lookup per (character, next character),
    a fix-up where t/T/s/S meets "ch", then runs of one letter merged."""
    # Capitals after a capital as lower case (headlines, names in capitals): one vector pass.
    codes = np.frombuffer(data, np.uint8)
    capital = np.subtract(codes, 65, dtype=np.uint8) < 26
    lowered = codes.copy()
    lowered[1:] |= (capital[1:] & capital[:-1]).view(np.uint8) << 5  # "A" | 32 is "a"
    data = lowered.tobytes()
    data = data.replace(b"x", _X_LOWER).replace(b"X", _X_UPPER) + b" "
    # Every overlapping byte pair as one big-endian uint16: a strided view, no copy.
    pairs = np.ndarray((len(data) - 1,), _BIG_ENDIAN_U16, data, 0, (1,))
    out = _PAIRS.take(pairs)
    # The sequential rewrites chain: "stch" -> "sch" -> "sh", "Ttch" -> "Tch" -> "Ch" and
    # "Ddj" -> "Dj" -> "J"; those chains are followed here too.
    for i in (out >= _FIRST_MARK).nonzero()[0].tolist():
        char = data[i]
        out[i] = _SKELETON_TABLE[char]  # what it is when no rewrite applies
        if char == ord("D"):
            if data[i + 2] == ord("j"):
                out[i] = ord("^")  # Ddj -> Dj -> J; the "dj" pair drops the d
        elif data[i + 2] != ord("h"):
            pass
        elif char == ord("t"):  # tch -> ch
            out[i] = _GONE
            before = data[i - 1]  # i == 0 reads the trailing space
            if before in b"sS":  # the "sch" formed -> sh
                out[i + 1] = _GONE
            elif before == ord("T"):  # the "Tch" formed -> Ch -> K
                out[i - 1] = ord("K")
                out[i + 1] = _GONE
        elif char == ord("T"):  # Tch -> Ch -> K
            out[i] = ord("K")
            out[i + 1] = _GONE
        else:  # sch -> sh, Sch -> Sh
            out[i + 1] = _GONE
    kept = out.tobytes().translate(None, _GONE_BYTE)
    # Doubles: a lower-case letter equal to the one before it goes, so a run merges to one.
    text = np.frombuffer(kept, np.int8)
    rest = text[1:]
    repeat = rest == text[:-1]
    repeat &= rest >= ord("a")  # every surviving lower-case byte is a mergeable consonant
    merged = kept[:1] + np.where(repeat, np.int8(_GONE - 256), rest).tobytes()
    return merged.translate(_RESTORE, _GONE_BYTE)


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
    return phonetic_text(folded)


def phonetic_text(folded: str) -> str:
    """`phonetic`, uncached and field for field, for a long text (a million watch terms)."""
    data = _rewrite(folded.encode("ascii"))
    for src, dst in _PHONETIC_VOWELS:
        if src in data:
            data = data.replace(src, dst)
    data = data.translate(_PHONETIC_TABLE)
    if len(data) < _ARRAY_FROM:
        return _DOUBLES.sub(rb"\1", data).decode("ascii")
    # The regex took 0.66 s over 13 MB of terms; a lower-case letter equal to the one before it
    # goes, so a run merges to one, as the regex merges it.
    codes = np.frombuffer(data, np.uint8)
    rest = codes[1:]
    repeat = (rest == codes[:-1]) & (np.subtract(rest, ord("a"), dtype=np.uint8) < 26)
    kept: bytes = rest[~repeat].tobytes()
    return (data[:1] + kept).decode("ascii")


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
