"""Score one hit: how close the text is to the name, how distinctive the name, how it is written.

The score multiplies three things:
- closeness: 1 for the name as listed, a little less for folded, reordered or shortened forms,
  and the token similarity for transliteration variants and typos;
- distinctiveness: a name of everyday words ("MINISTRY OF DEFENCE") scores at most digest band,
  a rare name ("Qasem Soleimani") full marks; capitalised text adds evidence that a name is meant;
- trust: weak and low-quality aliases count for less.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from watchlists.context import (
    chars_before,
    inside_longer_name,
    named_in_full_elsewhere,
    opens_sentence,
)
from watchlists.folding import APOSTROPHES, has_non_latin
from watchlists.mentions import ALERT_SCORE
from watchlists.name_index import Hit, Target
from watchlists.phonetics import PARTICLES, phonetic
from watchlists.scan_text import ScanText
from watchlists.spellings import judge_words, plausible_variant

__all__ = ["Evidence", "Verdicts", "distinctiveness", "weigh_hit"]

_BASE = {"exact": 1.0, "folded": 0.98, "reordered": 0.97, "partial name": 0.93}
# A name as listed, written in another script.
_TRANSLITERATED = 0.9
# A name must carry this much information to be reported when written in lower case.
_PLAIN_TEXT_INFO = 3.0
# Distinctiveness: information at or below _INFO_FLOOR gives the floor factor, at _INFO_FULL 1.
_INFO_FLOOR, _INFO_FULL, _FACTOR_FLOOR = 1.0, 4.0, 0.65
_CAPITALISED_BONUS = 0.8
_ONE_WORD_VARIANT = 0.78
# A name made of everyday words only is, at best, worth a digest line.
_PLAIN_FACTOR = 0.75
# A word as written: an apostrophe inside joins it ("Jir'atli" is one capitalised word).
_WORD = re.compile(rf"\w+(?:[{APOSTROPHES}]\w+)*")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A scored hit: folded span, the target, its score and the reason."""

    start: int
    end: int
    target: Target
    score: float
    how: str


def weigh_hit(hit: Hit, doc: ScanText, memo: Verdicts | None = None) -> Evidence | None:
    """Score a hit, or None when it is no match at all (a skeleton collision, a plain word).

    With `memo` (one per text, for targets that outlive the scan: a list index's), each span is
    read once and each target judged once per spelling and the three characters before it
    (whether it opens a sentence): a text that repeats a name many listed names share ("Qassem
    Suleimani, Ghasem Soleimani." over 100 KB: 161,000 hits on 29 targets) was judged hit by
    hit.
    """
    target = hit.target
    single = len(target.tokens) == 1
    inside = None if target.watch else single  # which test of a longer name around it applies
    if memo is None:
        memo = Verdicts()  # one hit alone (watch terms, whose callers test plausibility first)
    span = (hit.start, hit.end, inside)
    if span == memo.span:
        read = memo.read
    else:
        read = _read_span(doc, hit.start, hit.end, inside)
        memo.span, memo.read = span, read
    if read is None:
        return None
    original, before = read
    key = (id(target), hit.exact, original, before)
    if key in memo.judged:
        verdict = memo.judged[key]
    else:
        found = doc.words(hit.start, hit.end)
        plausible = hit.exact or plausible_variant(found, target.tokens)
        verdict = _verdict(target, hit.exact, original, found, before) if plausible else None
        memo.judged[key] = verdict
    if verdict is None:
        return None
    score, how = verdict
    # Checked last, and only where it matters: it searches the whole text, so once per word
    # and text ("Gazprom" written 8,000 times in 112 KB took 41 s, each hit searching again).
    if single and not target.watch and score >= ALERT_SCORE:
        named = doc.named_in_full.get(original)
        if named is None:
            text = doc.folded.original
            named = doc.named_in_full[original] = named_in_full_elsewhere(text, original)
        if named:
            return None
    return Evidence(hit.start, hit.end, target, score, how)


class Verdicts:
    """One text's memo for `weigh_hit`: each target's verdict on each spelling, and what the
    last span read (the targets of one pattern come one after another over the same span)."""

    __slots__ = ("judged", "read", "span")

    def __init__(self) -> None:
        # (id of the target, exact, as written, before) -> (score, how), or None: no match.
        self.judged: dict[tuple[int, bool, str, str], tuple[float, str] | None] = {}
        # The last (start, end, which longer-name test) and what it read: (the words as
        # written, the three characters before them), or None inside a longer name. One span,
        # not all: 357,000 spans of a 5 MB text kept took 100 MB more.
        self.span: tuple[int, int, bool | None] | None = None
        self.read: tuple[str, str] | None = None


def _read_span(doc: ScanText, start: int, end: int, inside: bool | None) -> tuple[str, str] | None:
    """A hit's words as written and the three characters before them; None when they are part
    of a longer name (`inside`: the test for a one-word name or a longer one; None: no test)."""
    ostart, oend = doc.folded.to_original(start, end)
    text = doc.folded.original
    if inside is not None and inside_longer_name(text, ostart, oend, single=inside):
        return None
    return text[ostart:oend], chars_before(text, ostart)


def _verdict(
    target: Target, exact: bool, original: str, found: list[str], before: str
) -> tuple[float, str] | None:
    """`weigh_hit`'s score and reason for a target found as `original`, before the last check."""
    if exact:
        how = target.how
        if how == "exact" and _squash(original) != _squash(target.name):
            how = "transliterated" if has_non_latin(original) else "folded"
        closeness = _BASE.get(how, _TRANSLITERATED)
        if how != "transliterated" and has_non_latin(original) and not has_non_latin(target.name):
            # "Беспалов Владимир" for "Vladimir BESPALOV" is as much a transliteration as the
            # whole name is, and must not outscore it.
            closeness = min(closeness, _TRANSLITERATED)
    else:
        non_latin = has_non_latin(original)
        # Variant spellings count only for names written as names: capitalised, not words.
        if not non_latin and not target.watch and not _capitalised(original):
            return None
        judged = judge_words(tuple(found), target.tokens, non_latin)
        if judged is None:
            return None
        closeness, how = judged
        if not target.watch and sum(w not in PARTICLES for w in target.tokens) < 2:
            # One word in a variant spelling ("Al-Jazeera" for "EL JAZIREH"): a digest line.
            closeness = min(closeness, _ONE_WORD_VARIANT)
        # A form in another language's given names ("transliterated") is a name as listed: the
        # judgement has weighed its spelling.
        if target.how not in ("exact", "transliterated"):
            closeness *= _BASE[target.how]
    distinct = 1.0 if target.watch else _distinctiveness(target, found, original, before)
    if distinct is None:
        return None
    return closeness * distinct * target.weight, how


def distinctiveness(
    target: Target, found: Sequence[str], text: str, start: int, end: int
) -> float | None:
    """How much a listed name found as `found` at text[start:end] says it is meant, from the
    floor factor to 1; None when written in lower case and too ordinary to be a name at all."""
    return _distinctiveness(target, found, text[start:end], chars_before(text, start))


def _distinctiveness(
    target: Target, found: Sequence[str], original: str, preceding: str
) -> float | None:
    """`distinctiveness` of a name written as `original` after the characters `preceding`."""
    info = target.info
    proper = _capitalised(original)
    if not proper and info < _PLAIN_TEXT_INFO:
        return None
    if proper and not opens_sentence(preceding):
        info += _CAPITALISED_BONUS
    d = min(1.0, max(0.0, (info - _INFO_FLOOR) / (_INFO_FULL - _INFO_FLOOR)))
    distinct = _FACTOR_FLOOR + (1 - _FACTOR_FLOOR) * d
    if target.plain or not _distinct_person(found, target):
        distinct = min(distinct, _PLAIN_FACTOR)
    return distinct


def _distinct_person(found: Sequence[str], target: Target) -> bool:
    """A person's name alerts only if it holds a word rare among listed names, found as listed
    (or two rare words): "Jose Lopez" and "Mohammed Ali" name too many people to alert."""
    if not target.person or not target.rare:
        return True
    rare_exact = rare = 0
    for word, wanted, is_rare in zip(found, target.tokens, target.rare, strict=False):
        if is_rare:
            rare += 1
            rare_exact += word == wanted or phonetic(word) == phonetic(wanted)
    return rare_exact >= 1 or rare >= 2


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@lru_cache(maxsize=8192)  # a name is written the same way many times
def _capitalised(original: str) -> bool:
    """True when the words start with capitals (or are in a script without case)."""
    words = _WORD.findall(original)
    # Particles ("al-Qaeda", "bin", "de") may stay lower case.
    return any(w[0].isupper() for w in words) and all(
        not w[0].islower() or len(w) <= 3 for w in words
    )
