"""What the text around a hit says: whether it sits inside a longer name, whether the text names
someone in full with the same word elsewhere, and whether it opens a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rigour.names import remove_org_types

from watchlists.distinctive import token_zipf

__all__ = ["chars_before", "inside_longer_name", "named_in_full_elsewhere", "opens_sentence"]

_SENTENCE_END = re.compile(r"[.!?:\"'\u201c\u201d]\s*$|^\s*$")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+$")
_PLAIN_WORD = re.compile(r"\w+")
_NEIGHBOUR_AFTER = re.compile(r"[ \t]+([A-Z]\w+)")


def inside_longer_name(text: str, start: int, end: int, *, single: bool) -> bool:
    """True when the words found are part of a longer name: "Mong" in "Chung Mong-koo", and for
    one-word names a capitalised neighbour: "Mirza" in "Sania Mirza", "Baikal Finance Group"."""
    if text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha():
        return True
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        return True
    if not single:
        return False
    after = _NEXT_WORD.match(text, end)
    if after and _name_like(after.group(1)):
        return True
    before = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
    if not before or not before.group(1)[0].isupper() or _is_legal_form(before.group(1)):
        return False
    # A capital at a sentence start proves little, unless the word is no everyday word.
    zipf = token_zipf(before.group(1).lower())
    return zipf < 4.0 or (zipf < 5.0 and not _starts_sentence(text, start - len(before.group(0))))


def _name_like(word: str) -> bool:
    # A legal form beside a name ("OOO Stroytransgaz") does not make it a longer name.
    return word[0].isupper() and token_zipf(word.lower()) < 5.0 and not _is_legal_form(word)


@lru_cache(maxsize=4096)
def _is_legal_form(word: str) -> bool:
    return not remove_org_types(word.lower()).strip()


@lru_cache(maxsize=4096)
def _neighbour_pattern(word: str) -> re.Pattern[str]:
    w = re.escape(word)
    return re.compile(rf"\b([A-Z]\w+)[ \t]+{w}\b|\b{w}[ \t]+([A-Z]\w+)")


def named_in_full_elsewhere(text: str, word: str) -> bool:
    """True when a one-word name appears elsewhere in the text inside a longer name: a bare
    "Mirza" in an article that also says "Sania Mirza" is her, not the listed MIRZA."""
    if _PLAIN_WORD.fullmatch(word):
        return any(map(_names_someone, _neighbours(text, word)))
    return any(
        _names_someone(m.group(1) or m.group(2)) for m in _neighbour_pattern(word).finditer(text)
    )


def _names_someone(neighbour: str) -> bool:
    return token_zipf(neighbour.lower()) < 4.0 and not _is_legal_form(neighbour)


def _neighbours(text: str, word: str) -> Iterator[str]:
    """The neighbours `_neighbour_pattern(word).finditer(text)` gives, in order, read around
    each place the word is written: the pattern has no literal to start from, and its engine
    tried it at every character (42 us a call)."""
    taken = 0  # matches do not overlap: nothing before this starts one
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if at >= taken:
            found = _neighbour_at(text, at, end, taken)
            if found is not None:
                yield found[0]
                taken = found[1]
        at = text.find(word, at + 1)


def _neighbour_at(text: str, start: int, end: int, taken: int) -> tuple[str, int] | None:
    """The pattern's match over the word written at text[start:end], as (neighbour, where the
    match ends): a capitalised word right before it (spaces between, the word ending at a word
    boundary) is tried first, as the pattern's first branch starts there; else one after it."""
    gap = start
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    first = gap
    while first > 0 and _is_word_char(text[first - 1]):
        first -= 1
    before = text[first:gap]
    bounded = end == len(text) or not _is_word_char(text[end])
    if gap < start and first >= taken and len(before) >= 2 and "A" <= before[0] <= "Z" and bounded:
        return before, end
    if start > 0 and _is_word_char(text[start - 1]):
        return None  # no word boundary before the word
    after = _NEIGHBOUR_AFTER.match(text, end)
    return (after.group(1), after.end()) if after else None


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _starts_sentence(text: str, start: int) -> bool:
    """True when the span opens a sentence or a line, where capitals prove nothing."""
    return opens_sentence(chars_before(text, start))


def chars_before(text: str, start: int) -> str:
    """The three characters before `start`: all that tells whether a name opens a sentence."""
    return text[max(0, start - 3) : start]


@lru_cache(maxsize=4096)
def opens_sentence(preceding: str) -> bool:
    """Whether a text whose last three characters are `preceding` ends a sentence or a line."""
    return "\n" in preceding or _SENTENCE_END.search(preceding) is not None
