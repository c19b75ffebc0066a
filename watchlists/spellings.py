"""Whether a text's words may spell a listed name or watch term: variant spellings, typos, and
the pairs that look close but name someone else ("Ishchenko" is not "Yushchenko")."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from watchlists.abjad import same_consonants, vowelless
from watchlists.distinctive import token_zipf
from watchlists.east_slavic import russian_form
from watchlists.phonetics import phonetic, token_similarity

__all__ = [
    "VARIANT_IN_SCRIPT",
    "judge_variant",
    "judge_words",
    "may_misspell",
    "onset",
    "plausible_variant",
    "same_onsets",
    "word_onset",
]

# A variant spelling in another script, judged by its words (or, in Arabic script, its
# consonants).
VARIANT_IN_SCRIPT = 0.88
# Each word of a variant spelling must be this close to its partner, or this (see
# `_vowels_apart`) when its vowels alone differ and the rest of the name is as listed.
_WORD_FLOOR, _VOWELS_APART_FLOOR = 0.8, 0.75
# A name whose surname gains or loses a nisba "-i" (see `_nisba`): under the alert band.
_NISBA = 0.78
# Variant spellings differ in length by a few letters at most ("Soleimaini", "Schoigu").
_LENGTH_SLACK = 3
# A text word this frequent is a word, not a misspelt name ("controls" is not "KONTROLES").
_WORD_ZIPF = 4.0
_VOWELS = "aeiouy"
# Osama/Usama and Evgeny/Ivgeny are variants; Yushchenko/Ishchenko are not.
# Halyna/Galina, Heorhiy/Georgiy: Ukrainian and Arabic h is Russian g (k in the phonetic form).
_VOWEL_CLASS = str.maketrans("uiyh", "oeek")
_GENDERED_ENDINGS = ({"a", "o"}, {"a", "e"}, {"a", "i"}, {"a", "y"})
_ENKO = ("enko", "enka")


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
