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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rigour.names import remove_org_types

from watchlists.abjad import same_consonants, vowelless
from watchlists.distinctive import token_zipf
from watchlists.east_slavic import russian_form
from watchlists.folding import APOSTROPHES, has_non_latin
from watchlists.mentions import ALERT_SCORE
from watchlists.name_index import Hit, ScanText, Target
from watchlists.phonetics import PARTICLES, phonetic, token_similarity

__all__ = [
    "VARIANT_IN_SCRIPT",
    "Evidence",
    "distinctiveness",
    "judge_variant",
    "judge_words",
    "may_misspell",
    "onset",
    "plausible_variant",
    "same_onsets",
    "Verdicts",
    "weigh_hit",
    "word_onset",
]

_BASE = {"exact": 1.0, "folded": 0.98, "reordered": 0.97, "partial name": 0.93}
# A name as listed, written in another script.
_TRANSLITERATED = 0.9
# A variant spelling in another script, judged by its words (or, in Arabic script, its
# consonants).
VARIANT_IN_SCRIPT = 0.88
# A name must carry this much information to be reported when written in lower case.
_PLAIN_TEXT_INFO = 3.0
# Distinctiveness: information at or below _INFO_FLOOR gives the floor factor, at _INFO_FULL 1.
_INFO_FLOOR, _INFO_FULL, _FACTOR_FLOOR = 1.0, 4.0, 0.65
_CAPITALISED_BONUS = 0.8
_ONE_WORD_VARIANT = 0.78
# Each word of a variant spelling must be this close to its partner, or this (see
# `_vowels_apart`) when its vowels alone differ and the rest of the name is as listed.
_WORD_FLOOR, _VOWELS_APART_FLOOR = 0.8, 0.75
# A name whose surname gains or loses a nisba "-i" (see `_nisba`): under the alert band.
_NISBA = 0.78
# Variant spellings differ in length by a few letters at most ("Soleimaini", "Schoigu").
_LENGTH_SLACK = 3
# A text word this frequent is a word, not a misspelt name ("controls" is not "KONTROLES").
_WORD_ZIPF = 4.0
# A name made of everyday words only is, at best, worth a digest line.
_PLAIN_FACTOR = 0.75
_SENTENCE_END = re.compile(r"[.!?:\"'\u201c\u201d]\s*$|^\s*$")
# A word as written: an apostrophe inside joins it ("Jir'atli" is one capitalised word).
_WORD = re.compile(rf"\w+(?:[{APOSTROPHES}]\w+)*")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+$")
_PLAIN_WORD = re.compile(r"\w+")
_NEIGHBOUR_AFTER = re.compile(r"[ \t]+([A-Z]\w+)")
_VOWELS = "aeiouy"
# Osama/Usama and Evgeny/Ivgeny are variants; Yushchenko/Ishchenko are not.
# Halyna/Galina, Heorhiy/Georgiy: Ukrainian and Arabic h is Russian g (k in the phonetic form).
_VOWEL_CLASS = str.maketrans("uiyh", "oeek")
_GENDERED_ENDINGS = ({"a", "o"}, {"a", "e"}, {"a", "i"}, {"a", "y"})
_ENKO = ("enko", "enka")


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
            named = doc.named_in_full[original] = _named_in_full_elsewhere(text, original)
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
    if inside is not None and _inside_longer_name(text, ostart, oend, single=inside):
        return None
    return text[ostart:oend], _before(text, ostart)


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
    return _distinctiveness(target, found, text[start:end], _before(text, start))


def _distinctiveness(
    target: Target, found: Sequence[str], original: str, before: str
) -> float | None:
    """`distinctiveness` of a name written as `original` after the characters `before`."""
    info = target.info
    proper = _capitalised(original)
    if not proper and info < _PLAIN_TEXT_INFO:
        return None
    if proper and not _opens_sentence(before):
        info += _CAPITALISED_BONUS
    d = min(1.0, max(0.0, (info - _INFO_FLOOR) / (_INFO_FULL - _INFO_FLOOR)))
    distinct = _FACTOR_FLOOR + (1 - _FACTOR_FLOOR) * d
    if target.plain or not _distinct_person(found, target):
        distinct = min(distinct, _PLAIN_FACTOR)
    return distinct


def _inside_longer_name(text: str, start: int, end: int, *, single: bool) -> bool:
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


def _named_in_full_elsewhere(text: str, word: str) -> bool:
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


@lru_cache(maxsize=65536)
def judge_words(
    found: tuple[str, ...], wanted: tuple[str, ...], non_latin: bool
) -> tuple[float, str] | None:
    """`judge_variant`, after refusing everyday words, cached: a text repeats its names, and
    "Hong Kong" meets the skeletons of eight Korean names in every article that names it."""
    if not non_latin and any(
        a != b and token_zipf(a) >= _WORD_ZIPF and phonetic(a) != phonetic(b)
        for a, b in zip(found, wanted, strict=False)
    ):
        return None
    return judge_variant(found, wanted, non_latin=non_latin)


def plausible_variant(found: Sequence[str], wanted: tuple[str, ...]) -> bool:
    """Same number of words, each of about the same length and not an everyday word, unless it
    sounds the same ("Organised" for "ORGANIZED", "Maria" for "Marija")."""
    return len(found) == len(wanted) and _plausible(tuple(found), wanted)


# Cached: an article repeats its capitalised words, and the same ones meet the same skeletons.
# A small cache: with a million watch terms each entry may hold a term's words, kept alive
# between scans; 8,192 entries scanned no slower than 65,536 (interleaved pairs: 0.516-0.519 x
# against 0.493-0.496 x; the million-term peak, 993-1,011 MB, did not tell them apart).
@lru_cache(maxsize=8192)
def _plausible(found: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    return all(
        a == b
        or (
            abs(len(a) - len(b)) <= _LENGTH_SLACK
            and (may_misspell(a) or phonetic(a) == phonetic(b))
        )
        # Arabic script leaves short vowels out: "mhmd" is as long as "Mohammad" can be.
        or (vowelless(a) and same_consonants(a, b))
        for a, b in zip(found, wanted, strict=True)
    )


def may_misspell(word: str) -> bool:
    """Whether a text word may be a variant spelling of a name: not an everyday word."""
    return token_zipf(word) < _WORD_ZIPF


def judge_variant(
    found: Sequence[str], wanted: tuple[str, ...], *, non_latin: bool
) -> tuple[float, str] | None:
    """Closeness and reason for a skeleton hit, or None when the words differ too much."""
    if len(found) != len(wanted) or not all(found):
        return None
    if tuple(found) == wanted:
        return 0.98, "folded"
    judged = _judge_spellings(found, wanted, non_latin=non_latin)
    if judged is None:
        # A Ukrainian given name for the Russian one ("Olena" for "Elena") is the same name:
        # read as its Russian form, it meets the tests as one word. Tried only after a refusal,
        # the common case.
        read = [
            (russian_form(a), russian_form(b)) if a != b else (a, b)
            for a, b in zip(found, wanted, strict=True)
        ]
        if any(pair != (a, b) for pair, a, b in zip(read, found, wanted, strict=True)):
            judged = _judge_spellings(
                [a for a, _ in read], tuple(b for _, b in read), non_latin=non_latin
            )
    return judged


def _judge_spellings(
    found: Sequence[str], wanted: tuple[str, ...], *, non_latin: bool
) -> tuple[float, str] | None:
    """`judge_variant` for two spellings of the same number of words, not equal."""
    if not non_latin and not all(
        _same_name_shape(a, b) for a, b in zip(found, wanted, strict=True)
    ):
        return _nisba(found, wanted)
    if non_latin:
        # Scripts that omit short vowels (Arabic, Persian) share only the consonants with Latin;
        # others (Cyrillic, Greek) write vowels, and their words are close letter by letter.
        close = all(
            same_consonants(a, b) if vowelless(a) else token_similarity(a, b) >= 0.6
            for a, b in zip(found, wanted, strict=True)
        )
        return (VARIANT_IN_SCRIPT, "transliterated") if close else None
    sims = [token_similarity(a, b) for a, b in zip(found, wanted, strict=True)]
    low, mean = min(sims), sum(sims) / len(sims)
    if (low < _WORD_FLOOR and not _vowels_apart(found, wanted, sims)) or mean < 0.86:
        return None
    typo = any(
        phonetic(a) != phonetic(b)
        and len(b) >= 5
        and Levenshtein.distance(a, b) == 1
        and not _vowel_for_vowel(a, b)
        for a, b in zip(found, wanted, strict=True)
    )
    return 0.96 * mean, "typo" if typo else "transliteration"


def _vowels_apart(found: Sequence[str], wanted: tuple[str, ...], sims: list[float]) -> bool:
    """Whether the one word under the similarity floor differs from its partner in vowels only,
    the others matching: "Artyom Aleksandrovich Uss" for "USS, Artem Alexandrovich", "Jawdat
    al-Ahamad" for "Jawdat AL-AHMED". Two vowels apart in a short word score about 0.77; two
    names with other consonants ("Khatami", "KHADEMI") stay apart."""
    weak = [i for i, x in enumerate(sims) if x < 0.97]
    if len(found) < 2 or len(weak) != 1 or sims[weak[0]] < _VOWELS_APART_FLOOR:
        return False
    a, b = found[weak[0]], wanted[weak[0]]
    return a.translate(_NO_VOWELS) == b.translate(_NO_VOWELS)


_NO_VOWELS = str.maketrans("", "", _VOWELS)


def _nisba(found: Sequence[str], wanted: tuple[str, ...]) -> tuple[float, str] | None:
    """A digest line for a name whose one differing word only adds or drops a final "i" ("Haleh
    Bakhtiari" for "Haleh BAKHTIAR", "Morteza Behzadi" for "Morteza BEHZAD"), else None.

    The lists give one person both spellings of a Persian surname, with and without its nisba
    "-i"; it also makes another name (Hussein, Husseini), so `_same_name_shape` refuses the pair
    alone, and with the rest of the name as written it is worth a digest line, never an alert.
    """
    if len(found) < 2:
        return None
    differ = [(a, b) for a, b in zip(found, wanted, strict=True) if phonetic(a) != phonetic(b)]
    if len(differ) != 1:
        return None
    pa, pb = sorted(map(phonetic, differ[0]), key=len)
    return (_NISBA, "transliteration") if len(pa) >= 5 and pb == pa + "i" else None


def _vowel_for_vowel(a: str, b: str) -> bool:
    """One vowel written for another ("Suleimani"/"Soleimani"): a transliteration, not a typo."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS


def _same_name_shape(a: str, b: str) -> bool:
    """False for pairs that spell different names though close: "Yushchenko"/"Ishchenko"
    (different onset), "Francesca"/"Francesco", "Ismailov"/"Ismailova" (gendered endings)."""
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return True
    if onset(pa) != onset(pb):
        return False
    # A final vowel one name has and the other lacks makes another name: Ismailov/Ismailova,
    # Sulaiman/Soleimani (a nisba), Hussein/Husseini. A silent final h does not count.
    ea, eb = pa.rstrip("h")[-1:], pb.rstrip("h")[-1:]
    if (ea in _VOWELS) != (eb in _VOWELS):
        return False
    gendered = pa[:-1] == pb[:-1] and {pa[-1], pb[-1]} in _GENDERED_ENDINGS
    # A Ukrainian -enko has no feminine: -enka is its Belarusian spelling ("Lukashenka").
    return not gendered or pa.endswith(_ENKO) and pb.endswith(_ENKO)


def same_onsets(found: list[str], wanted: tuple[str, ...]) -> bool:
    """Whether each word starts with the same sound as its partner: the cheap half of
    `_same_name_shape`, which a Latin-script variant must pass."""
    return all(a == b or word_onset(a) == word_onset(b) for a, b in zip(found, wanted, strict=True))


@lru_cache(maxsize=262144)
def word_onset(word: str) -> str:
    """The first sound of a folded word, as `same_onsets` compares it."""
    return onset(phonetic(word))


def onset(word: str) -> str:
    """First sound: a leading i/y glide dropped (Yevgeny/Evgeny), vowels in two classes, h as
    k (g)."""
    if len(word) > 1 and word[0] == "i" and word[1] in _VOWELS:
        word = word[1:]
    return word[:1].translate(_VOWEL_CLASS)


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


def _starts_sentence(text: str, start: int) -> bool:
    """True when the span opens a sentence or a line, where capitals prove nothing."""
    return _opens_sentence(_before(text, start))


def _before(text: str, start: int) -> str:
    """The three characters before `start`: all that tells whether a name opens a sentence."""
    return text[max(0, start - 3) : start]


@lru_cache(maxsize=4096)
def _opens_sentence(before: str) -> bool:
    """Whether a text whose last three characters are `before` ends a sentence or a line."""
    return "\n" in before or _SENTENCE_END.search(before) is not None
