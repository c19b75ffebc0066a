"""Fold names and texts to one lower-case ASCII form, keeping a way back to the original offsets.

Every script meets Latin here: anyascii transliterates Cyrillic, Greek, Arabic, Persian and the
rest character by character, so "Касем Сулеймани" folds to "kasem suleymani". Case, accents,
punctuation and hyphens become irrelevant: anything that is not a letter or digit is a space.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

__all__ = ["FoldedText", "fold", "fold_text", "fold_tokens", "has_non_latin"]

# Bytes table for ASCII text: letters and digits lower-cased, everything else a space. It maps
# one byte to one byte, so folded offsets equal original offsets on the fast path.
_ASCII_TABLE = bytes(
    (c | 0x20) if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57) else 32
    for c in range(256)
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _fold_ascii(text: str) -> str:
    return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """Fold one non-ASCII character (cached: texts reuse few distinct characters)."""
    return _fold_ascii(anyascii(ch)) if ch.isalnum() else (" " if not _is_mark(ch) else "")


def _is_mark(ch: str) -> bool:
    # Combining marks (Arabic harakat, decomposed accents) vanish instead of splitting a word.
    import unicodedata

    return unicodedata.category(ch).startswith("M") or ch in "\u200c\u200d\u00ad"


def fold(text: str) -> str:
    """Fold a name to space-separated lower-case ASCII tokens ("KIM, Jong-un" -> "kim jong un")."""
    return " ".join(fold_tokens(text))


def fold_tokens(text: str) -> tuple[str, ...]:
    """Fold a name and split it into tokens."""
    return tuple(fold_text(text).folded.split())


def has_non_latin(text: str) -> bool:
    """True when the text holds letters of a script other than Latin."""
    return _NON_LATIN_LETTER.search(text) is not None


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text folded character by character, with the map back to original offsets.

    `folded` has the same words in the same order as the original; on pure ASCII input it has
    exactly the original's length and offsets. Otherwise `_fpos`/`_opos` are breakpoints: folded
    offset `_fpos[i]` starts at original offset `_opos[i]`, and `_linear[i]` says whether the
    stretch from there runs one to one (ASCII) or is the expansion of one character.
    """

    original: str
    folded: str
    _fpos: tuple[int, ...] = ()
    _opos: tuple[int, ...] = ()
    _linear: tuple[bool, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the original text's span."""
        if not self._fpos:
            return start, end
        return self._orig(start), self._orig(end - 1) + 1

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
    """Fold a whole document; fast (one byte translation, same offsets) for Latin-1 text."""
    if text.isascii():
        return FoldedText(text, _fold_ascii(text))
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return FoldedText(text, data.translate(_LATIN1_TABLE).decode("ascii"))
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
        for offset, ch in enumerate(run.group(), start=run.start()):
            out = _fold_char(ch)
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
    return FoldedText(text, "".join(pieces), tuple(fpos), tuple(opos), tuple(linear))
