"""Names written without short vowels (Arabic, Persian), met with their Latin spellings.

Arabic script writes consonants and long vowels only: "محمد" folds to "mhmd", "غسان" to "ghsn",
"علي" to "aly" (alif and ain fold to "a" opening a word, to nothing inside it). Letter-by-letter
similarity, which suits Cyrillic and Greek, fails both ways here: "ghsn" is far from "Ghassan",
and "mhmd" came close enough to "Mamadu". So a word written so is compared with a Latin spelling
by consonants alone, read the way transliterations differ:

- short vowels are not written, and long ones (و, ي) are read as vowels, so vowels, w, y (and
  v, Persian و) drop on both sides: "ywsf" and "Youssef" are both "sf";
- the h of ح and ه is written, and is what tells "Mohammad" (mhmd) from "Mamadu" (mmd); a final
  h (ة, "-ah") may be left out: "asmh" is "Osama";
- a final ي is the i that ends "Ali", "Soleimani", "Karimi", and is kept as one: "slymny" is
  "Soleimani", not "Solomon" (slmn), which is سليمان;
- ق, ك, غ, گ are q, k, gh, g, which Latin writes for one another ("Qasem", "Ghasem", "Kasem");
  ش is sh, which French writes ch; ض, ذ, ظ are d or dh in Arabic and z in Persian ("Ramadan",
  "Reza"), so d and z are one;
- doubled letters are written once (no shadda).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["consonant_key", "name_key", "same_consonants", "vowelless"]

# Arabic script folds to no e, i, o or u, and to an "a" only at a word's ends (alif madda,
# alif maqsura); Latin words have vowels inside ("Bank", "Hans" are not read this way).
_HAS_WRITTEN_VOWEL = re.compile("[eiou]|(?<=.)a(?=.)")
_DIGRAPHS = (
    ("dj", "j"),
    ("kh", "x"),
    ("gh", "k"),
    ("sh", "$"),
    ("ch", "$"),
    ("ph", "f"),
    ("dh", "d"),
)
_CLASSES = str.maketrans("qgcz", "kkkd", "aeiouvwy")
_DOUBLES = re.compile(r"(.)\1+")
_FINAL_I = ("i", "y", "ee", "ie")


def vowelless(word: str) -> bool:
    """Whether a folded word was written without short vowels, as Arabic script is."""
    return _HAS_WRITTEN_VOWEL.search(word) is None


def consonant_key(word: str) -> str:
    """The consonants of a folded word, as Arabic script and its Latin spellings share them."""
    for src, dst in _DIGRAPHS:
        word = word.replace(src, dst)
    if word.endswith(_FINAL_I) and len(word) > 1:
        word = word.rstrip("iey") + "I"
    key = _DOUBLES.sub(r"\1", word.translate(_CLASSES))
    return key[:-1] if len(key) > 1 and key.endswith("h") else key


def name_key(words: Sequence[str]) -> str:
    """The consonants of a name, words run together: Arabic script joins the article and "Abd"
    to the next word or not ("عبد الله", "Abdullah"; "التكريتي", "al-Tikriti")."""
    return _DOUBLES.sub(r"\1", "".join(map(consonant_key, words)))


def same_consonants(found: str, wanted: str) -> bool:
    """Whether a word written without short vowels is a spelling of a Latin word."""
    return consonant_key(found) == consonant_key(wanted)
