"""Fold names and texts to one lower-case ASCII form, keeping a way back to the original offsets.

Every script meets Latin here: anyascii transliterates Cyrillic, Greek, Arabic, Persian and the
rest character by character, so "Касем Сулеймани" folds to "kasem suleymani". Case, accents,
punctuation and hyphens become irrelevant: anything that is not a letter or digit is a space,
except "&", which is part of names as written ("Marks & Spencer", "AT&T") and is kept as itself:
folded to a space, " & " would leave three spaces, where no name pattern could run on.
An apostrophe inside a word joins it ("Myo'ng-hun", "Qa'ida", "В'ячеслав": "myong hun",
"qaida", "vyacheslav"), except before an English ending ("Putin's", "don't", "we'll").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from anyascii import anyascii

__all__ = [
    "APOSTROPHES",
    "ARABIC_OPENING_VOWELS",
    "FoldedText",
    "fold",
    "fold_many",
    "fold_text",
    "fold_tokens",
    "has_non_latin",
]

# Bytes table for ASCII text: letters, digits and "&" kept (case too), everything else a space.
# It maps one byte to one byte, so folded offsets equal original offsets on the fast path.
_ASCII_TABLE = bytes(
    c if (65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57 or c == 38) else 32 for c in range(256)
)
# The same, keeping line breaks: many texts folded as the lines of one.
_LINES_TABLE = _ASCII_TABLE[:10] + b"\n" + _ASCII_TABLE[11:]
_SPACE_RUN = re.compile(" {2,}")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Apostrophes that join a word: between two letters, not before "s", "t", "d", "m", "ll", "re",
# "ve" ending the word, in either case ("PUTIN'S"; "SA'D" and "Sa'd" both fold to "sa d"); and
# one opening a capitalised word after a space, a hyphen or nothing, the 'ayn of the lists'
# Arabic ("Marwan 'Issa", "al-'Ali"): as a space it left a gap no name pattern crosses (16 of
# 308 hidden spellings missed in the leave-one-out reading held one). An opening quote before a
# capital goes too, harmlessly: its closing quote still ends the phrase. Before a capital only:
# 112 BBC articles have one, 459 any (each is folded in pieces, 3 ms a round for all 459).
# Texts without a typographic apostrophe take the first pattern: it starts with a literal,
# which the regex engine finds as fast as str.find (a character class first cost 10 us an
# article, 7 % of a scan; this one 1.3 us).
_JOINING_ASCII = re.compile(
    r"'(?=[A-Za-z])(?:(?<=[A-Za-z]')|(?<![^\s-]')(?=[A-Z]))(?!(?i:s|t|d|m|ll|re|ve)\b)"
)
_TYPOGRAPHIC = "\u2019\u02bc\u02bb\u2018`"
APOSTROPHES = "'" + _TYPOGRAPHIC  # every mark read as an apostrophe inside a word
_JOINING = re.compile(
    rf"[{APOSTROPHES}](?=[^\W\d_])(?:(?<=[^\W\d_].)|(?<![^\s-].)(?=[A-Z]))(?!(?i:s|t|d|m|ll|re|ve)\b)"
)
# The same for "'" alone, in a text with no other apostrophe: a literal first is found as fast as
# str.find (618 BBC articles hold a "'" and a non-ASCII "£" or "é": finding the joins took 8 ms
# of a profiled scan of all 2,225 with the class, 4 ms with the literal).
_JOINING_QUOTE = re.compile(
    r"'(?=[^\W\d_])(?:(?<=[^\W\d_]')|(?<![^\s-]')(?=[A-Z]))(?!(?i:s|t|d|m|ll|re|ve)\b)"
)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


# Alif (and its hamza and madda forms) and ain opening an Arabic word: anyascii folds them to
# nothing, so "عزيز" was "zyz" and met no skeleton of "Aziz" (an opening vowel is kept there).
ARABIC_OPENING_VOWELS = frozenset("\u0627\u0623\u0625\u0622\u0671\u0639")


def _fold_ascii(text: str) -> str:
    return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """Fold one non-ASCII character, keeping case (cached: texts reuse few characters)."""
    if ch.isalnum():
        # Keep letters only: the soft sign "ь" gives "'" and must not split "Валерьевич".
        return "".join(c for c in anyascii(ch) if c.isascii() and c.isalnum())
    return "" if _is_mark(ch) else " "


def _silent(ch: str) -> bool:
    """A character that folds to nothing: part of the word it touches, not a separator."""
    return not ch.isascii() and _fold_char(ch) == ""


def _is_mark(ch: str) -> bool:
    # Combining marks (Arabic harakat, decomposed accents) vanish instead of splitting a word.
    return unicodedata.category(ch).startswith("M") or ch in "\u200c\u200d\u00ad"


def fold(text: str) -> str:
    """Fold a name to space-separated lower-case ASCII tokens ("KIM, Jong-un" -> "kim jong un")."""
    return " ".join(fold_tokens(text))


def fold_many(texts: Sequence[str]) -> list[str]:
    """`fold` of each text; the plain ASCII ones (no apostrophe, no line break) as the lines of
    one text, folded in a few passes: a million watch terms at start-up took 1.1 s one by one."""
    joined = "\n".join(texts)
    if (
        joined.isascii()
        and "'" not in joined
        and "`" not in joined
        and joined.count("\n") == len(texts) - 1
    ):
        return _fold_lines(joined)
    easy = [t.isascii() and "'" not in t and "`" not in t and "\n" not in t for t in texts]
    lines = iter(_fold_lines("\n".join(compress(texts, easy))))
    return [next(lines) if e else fold(t) for t, e in zip(texts, easy, strict=True)]


def _fold_lines(text: str) -> list[str]:
    """`fold` of each line of a plain ASCII text."""
    folded = text.encode("ascii").translate(_LINES_TABLE).decode("ascii").lower()
    folded = _SPACE_RUN.sub(" ", folded).replace(" \n", "\n").replace("\n ", "\n")
    return folded.strip(" ").split("\n")


def fold_tokens(text: str) -> tuple[str, ...]:
    """Fold a name and split it into tokens."""
    return tuple(fold_text(text).folded.split())


def has_non_latin(text: str) -> bool:
    """True when the text holds letters of a script other than Latin."""
    return _NON_LATIN_LETTER.search(text) is not None


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text folded character by character, with the map back to original offsets.

    `cased` is the folded text with the original's capitals (words in caseless scripts such as
    Arabic start with a capital); `folded` is the same in lower case. Both hold the same words in
    the same order as the original; on Latin-1 input they have exactly its offsets. Otherwise
    `_fpos`/`_opos` are breakpoints: folded offset `_fpos[i]` starts at original offset `_opos[i]`,
    and `_linear[i]` says whether the stretch runs one to one or expands one character.
    """

    original: str
    cased: str
    folded: str
    _fpos: tuple[int, ...] = ()
    _opos: tuple[int, ...] = ()
    _linear: tuple[bool, ...] = ()

    @property
    def beyond_latin1(self) -> bool:
        """Whether the original holds characters beyond Latin-1 (other scripts, typographic
        marks): only those fold character by character, where offsets shift."""
        return not all(self._linear)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the original text's span."""
        if not self._fpos:
            return start, end
        ostart, oend = self._orig(start), self._orig(end - 1) + 1
        # Letters that fold to nothing (Arabic alif and ain, harakat) at either edge belong to
        # the word: "علي" folds to "ly", and its mention must still start at the ain.
        text = self.original
        while ostart > 0 and _silent(text[ostart - 1]):
            ostart -= 1
        while oend < len(text) and _silent(text[oend]):
            oend += 1
        return ostart, oend

    def _orig(self, pos: int) -> int:
        i = bisect_right(self._fpos, pos) - 1
        if i < 0:
            return pos
        if self._linear[i]:
            return self._opos[i] + (pos - self._fpos[i])
        return self._opos[i]


def _latin1_table() -> bytes:
    """Latin-1 bytes to folded ASCII bytes, one to one ("é" -> "e"; "ß", "æ" -> "s", "a")."""
    table = bytearray(_ASCII_TABLE)
    for code in range(0x80, 0x100):
        out = _fold_char(chr(code)).strip()
        table[code] = ord(out[0]) if out else 32
    return bytes(table)


_LATIN1_TABLE = _latin1_table()


def fold_text(text: str) -> FoldedText:
    """Fold a whole document; fast (one byte translation, same offsets) for Latin-1 text with
    no apostrophe inside a word."""
    # Most texts hold no apostrophe but "'", often none: a few substring tests decide.
    if text.isascii():
        joining = _JOINING if "`" in text else _JOINING_ASCII if "'" in text else None
    else:
        # "В'ячеслав": letters of other scripts join at a plain "'" too.
        typographic = any(a in text for a in _TYPOGRAPHIC)
        joining = _JOINING if typographic else _JOINING_QUOTE if "'" in text else None
    joins = [m.start() for m in joining.finditer(text)] if joining is not None else []
    return _fold_joined(text, joins) if joins else _fold_plain(text)


def _fold_joined(text: str, joins: list[int]) -> FoldedText:
    """Fold the pieces between joining apostrophes and put them together, the apostrophes gone."""
    cased: list[str] = []
    fpos: list[int] = []
    opos: list[int] = []
    linear: list[bool] = []
    flen = start = 0
    for end in (*joins, len(text)):
        piece = _fold_plain(text[start:end])
        if piece._fpos:
            fpos.extend(flen + f for f in piece._fpos)
            opos.extend(start + o for o in piece._opos)
            linear.extend(piece._linear)
        else:
            fpos.append(flen)
            opos.append(start)
            linear.append(True)
        cased.append(piece.cased)
        flen += len(piece.cased)
        start = end + 1
    joined = "".join(cased)
    return FoldedText(text, joined, joined.lower(), tuple(fpos), tuple(opos), tuple(linear))


def _fold_plain(text: str) -> FoldedText:
    if text.isascii():
        cased = _fold_ascii(text)
        return FoldedText(text, cased, cased.lower())
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        cased = data.translate(_LATIN1_TABLE).decode("ascii")
        return FoldedText(text, cased, cased.lower())
    return _fold_any(text)


def _fold_any(text: str) -> FoldedText:
    """The slow path: character by character, recording where offsets shift."""
    pieces: list[str] = []
    fpos: list[int] = []
    opos: list[int] = []
    linear: list[bool] = []
    flen = 0
    last = 0
    for run in _NON_ASCII_RUN.finditer(text):
        if run.start() > last:
            chunk = _fold_ascii(text[last : run.start()])
            fpos.append(flen)
            opos.append(last)
            linear.append(True)
            pieces.append(chunk)
            flen += len(chunk)
        in_word = run.start() > 0 and text[run.start() - 1].isalnum()
        for offset, ch in enumerate(run.group(), start=run.start()):
            out = _fold_char(ch)
            if not in_word and ch in ARABIC_OPENING_VOWELS:
                out = "a"  # "علي" is "Ali", not "ly": a Latin spelling starts with the vowel
            if out and not in_word and ch.isalpha() and ch.lower() == ch.upper():
                out = out[:1].upper() + out[1:]  # a caseless script: mark where words start
            in_word = ch.isalnum() or (in_word and not out)
            fpos.append(flen)
            opos.append(offset)
            linear.append(False)
            pieces.append(out)
            flen += len(out)
        last = run.end()
    if last < len(text):
        fpos.append(flen)
        opos.append(last)
        linear.append(True)
        pieces.append(_fold_ascii(text[last:]))
    cased = "".join(pieces)
    return FoldedText(text, cased, cased.lower(), tuple(fpos), tuple(opos), tuple(linear))
