"""Names with other names between: "Yelena Anatolievna Baldovskaya" for "BALDOVSKAYA, Yelena".

The news writes more of a name than the lists hold: a patronymic, a second given name, a
grandfather's name ("Ahmad Muhsin Faraj al-Hamidawi" for "AL-HAMIDAWI, Ahmad"). No pattern can
hold every such insertion, so a person's rare surname is an anchor (found in any spelling by the
skeleton automaton), and a hit on it counts only where the run of capitalised words that ends
with it opens with the listed given name and holds few other words.
"""

from __future__ import annotations

from watchlists.coreference import TITLES
from watchlists.east_slavic import russian_form, same_name
from watchlists.evidence import Evidence, distinctiveness
from watchlists.folding import has_non_latin
from watchlists.name_index import Hit
from watchlists.names import is_patronymic
from watchlists.phonetics import PARTICLES, token_similarity
from watchlists.scan_text import ScanText
from watchlists.spellings import judge_variant, may_misspell, same_onsets, word_onset

__all__ = ["find_gapped"]

# At most this many words the list does not have, between the given name and the surname.
MAX_BETWEEN = 3
_BASE = 0.93  # as a partial name: the listed name is not all there is
_PER_EXTRA = 0.97
# Words looked at before a surname: given names, extra names, capitalised words before them.
_RUN_WORDS = 8
# A later given name ("Anatolievna" for "Anatolyevna") this close counts as the listed one.
_GIVEN_SIMILARITY = 0.85
# A patronymic in the text this close to the listed one is the same father's name in another
# spelling ("Mikolayvych"/"Nikolaevich" 0.84); another father's is further ("Petrovich"/
# "Pavlovich" 0.75).
_SAME_FATHER = 0.8

Run = list[tuple[int, str]]  # (folded start, folded lower-case word), in text order


def find_gapped(doc: ScanText, hits: list[Hit]) -> list[Evidence]:
    """Evidence for anchor hits whose run of names opens with the listed given name."""
    # Several listed persons may share a surname: the words around it are read once.
    spans: dict[int, tuple[Run, str, bool, set[str]] | None] = {}
    out = []
    for hit in hits:
        if hit.start not in spans:
            run = _run_before(doc, hit.start)
            if run:
                ostart, oend = doc.folded.to_original(run[0][0], hit.end)
                non_latin = has_non_latin(doc.folded.original[ostart:oend])
                # Read as Russian too: "Nikolai" opens a run for a listed "Mykola".
                onsets = {word_onset(russian_form(w)) for _, w in run}
                spans[hit.start] = run, doc.words(hit.start, hit.end)[0], non_latin, onsets
            else:
                spans[hit.start] = None  # "Mr Yushchenko": no given name before it
        span = spans[hit.start]
        if span is None:
            continue
        run, surname, non_latin, onsets = span
        # Most hits end here: no word before the surname starts like the listed given name.
        if not non_latin and word_onset(russian_form(hit.target.given[0])) not in onsets:
            continue
        if (e := _weigh(hit, run, surname, non_latin, doc)) is not None:
            out.append(e)
    return out


def _run_before(doc: ScanText, start: int) -> Run:
    """The capitalised words (and name particles) right before `start`, within one phrase.

    A title ("Mr", "President") ends the run, and so do punctuation and any lower-case word
    that is not a particle.
    """
    run: Run = []
    while len(run) < _RUN_WORDS and (word := doc.word_before(start)) is not None:
        lower = word.lower()
        if not (word[0].isupper() and lower not in TITLES) and lower not in PARTICLES:
            break
        start -= len(word) + 1
        run.append((start, lower))
    run.reverse()
    return run


def _weigh(hit: Hit, run: Run, surname: str, non_latin: bool, doc: ScanText) -> Evidence | None:
    """Score one anchor hit against the run before it, or None when the names do not fit."""
    target = hit.target
    given = target.given
    # With the rare surname as listed, a given name that is also a word may be a variant
    # ("Jonathan Zimenkov" for "ZIMENKOV, Jonatan").
    lenient = surname == target.tokens[0]
    opening = _opening(run, given[0], non_latin=non_latin, lenient=lenient)
    if opening is None:
        return None
    run, found_given = opening
    found_surname = _close(surname, target.tokens[0], non_latin=non_latin)
    if found_surname is None:
        return None
    text = doc.folded.original
    ostart, oend = doc.folded.to_original(run[0][0], hit.end)
    # The other run words: later given names of the list in order, particles, or extra names.
    rest, extra = list(given[1:]), 0
    patronymics = [g for g in given[1:] if is_patronymic(g)]
    for _, word in run[1:]:
        if rest and token_similarity(word, rest[0]) >= _GIVEN_SIMILARITY:
            rest.pop(0)
        elif patronymics and is_patronymic(word):
            # "Mikolayvych" is the listed "Nikolaevich" in Ukrainian; "Maksim Igorevich" is not
            # Maksim Aleksandrovich.
            if max(_father_similarity(word, p) for p in patronymics) < _SAME_FATHER:
                return None
        elif word not in PARTICLES:
            extra += 1
    if extra > MAX_BETWEEN:
        return None
    distinct = distinctiveness(target, [surname], text, ostart, oend)
    if distinct is None:
        return None
    close = min(found_surname[0], found_given[0])
    score = _BASE * close * _PER_EXTRA**extra * distinct * target.weight
    if extra:
        how = "extra names"
    else:
        how = next((h for _, h in (found_surname, found_given) if h != "exact"), "partial name")
    return Evidence(run[0][0], hit.end, target, score, how)


def _opening(
    run: Run, first: str, *, non_latin: bool, lenient: bool
) -> tuple[Run, tuple[float, str]] | None:
    """The run from the listed first given name on, and how close that name is.

    The name opens the run, or follows capitalised everyday words ("Yesterday Yelena ..."),
    never another name ("Mohammad Ali Soleimani" is not Ali Soleimani).
    """
    for i, (_, word) in enumerate(run):
        found = _close(word, first, non_latin=non_latin, lenient=lenient)
        if found is not None:
            return run[i:], found
        if word not in PARTICLES and may_misspell(word):
            return None
    return None


def _close(
    found: str, wanted: str, *, non_latin: bool, lenient: bool = False
) -> tuple[float, str] | None:
    """Closeness of one text word to one listed word, and how; None when it is another word.

    An everyday word is no misspelt name ("Grant" for "Grunt") unless `lenient`."""
    if found == wanted:
        return 1.0, "exact"
    if same_name(found, wanted):
        # "Mykola" for "Nikolai", "Serhiy" for "Sergey": one name, in Ukrainian.
        return judge_variant([found], (wanted,), non_latin=non_latin)
    if not non_latin and not same_onsets([found], (wanted,)):
        return None  # the cheap half of the name-shape test first
    if not (non_latin or lenient) and not may_misspell(found):
        return None
    return judge_variant([found], (wanted,), non_latin=non_latin)


def _father_similarity(found: str, listed: str) -> float:
    """How close two patronymics are, read in their Russian forms ("Hennadiyovych" is
    "Gennadievich")."""
    if same_name(found, listed):
        return 1.0
    return token_similarity(found, listed)
