"""Naming the writing system a name is spelled in."""

from __future__ import annotations

import unicodedata

__all__ = ["detect_script"]

_SCRIPTS = (
    "LATIN",
    "CYRILLIC",
    "ARABIC",
    "GREEK",
    "HEBREW",
    "CJK",
    "HANGUL",
    "HIRAGANA",
    "KATAKANA",
    "GEORGIAN",
    "ARMENIAN",
    "THAI",
    "DEVANAGARI",
    "ETHIOPIC",
    "MYANMAR",
    "KHMER",
    "TAMIL",
    "BENGALI",
)


def detect_script(name: str) -> str | None:
    """Return the lower-case script of the first letter of `name` (e.g. "latin", "arabic")."""
    for char in name:
        if not char.isalpha():
            continue
        uname = unicodedata.name(char, "")
        for script in _SCRIPTS:
            if uname.startswith(script):
                return "chinese" if script == "CJK" else script.lower()
        return None
    return None
