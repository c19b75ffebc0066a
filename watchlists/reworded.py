"""Names written with their words reordered, one dropped or one added: found around a rare word.

The automata find a listed name in the forms `names` derives from it. The news also writes
"Rafsanjan Cement Company" for "ZARIN RAFSANJAN CEMENT COMPANY", "Julleuchter By Perko" for
"PERKO JULLEUCHTER", "Vilai Chaivorasilp" for "CHAIWORASIN, Vilai". A word of a listed name
that is rare in English and among the lists ("rafsanjan", "julleuchter", "vilai") is looked for
alone; where the text writes it with a capital, the run of capitalised words around it is
compared, word by word and in any order, with the listed names that hold it. A match is a
digest line at most: the list does not write the name that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from rigour.names import remove_org_types, replace_org_types_compare

from watchlists.coreference import TITLES
from watchlists.distinctive import name_information
from watchlists.evidence import Evidence
from watchlists.folding import has_non_latin
from watchlists.name_index import Target
from watchlists.phonetics import PARTICLES, phonetic
from watchlists.reword_index import RewordIndex, Verdict
from watchlists.scan_text import ScanText
from watchlists.spellings import judge_variant, may_misspell, word_onset

__all__ = ["find_reworded"]

# The words of the run that match must say this much (`name_information`): "Rose Group" does
# not, "Rafsanjan Cement" does.
_MIN_INFO = 3.0
# Words read on each side of the rare word.
_RUN_WORDS = 8
# Each word the text adds or the list has more costs this much, and so does another order.
_PER_CHANGE = 0.97
# Scores stay under the alert band: 0.79 for a whole name reordered, less for every change.
_CEILING = 0.79
# Lower-case words that may stand inside a name ("Institute of Applied Physics").
_CONNECTORS = frozenset(["of", "the", "and", "for", "in", "on", "at", "named", "after", "&"])
_LENGTH_SLACK = 3
# The BBC corpus makes 109 distinct runs of three words on average, about 450 bytes each kept:
# 4-5 MB at the limit.
_JUDGED_LIMIT = 10_000


def find_reworded(
    doc: ScanText, starts: Iterable[int], index: RewordIndex, targets: Sequence[Target]
) -> list[Evidence]:
    """Evidence for listed names reworded in the runs of capitalised words around `starts`
    (folded offsets of rare words written with a capital)."""
    out: list[Evidence] = []
    done: set[int] = set()
    judged = index.judged
    if len(judged) > _JUDGED_LIMIT:
        judged.clear()
    # Whether a run is in another script matters only in a text that has other letters.
    other_script = not doc.folded.original.isascii()
    cased = doc.folded.cased
    for start in sorted(starts):
        if start in done:
            continue
        at, run = _run_around(cased, start)
        done.update(at)
        if len(run) < 2:
            continue
        words = tuple(run)
        non_latin = False
        if other_script:
            ostart, oend = doc.folded.to_original(at[0], at[-1] + len(words[-1]))
            non_latin = has_non_latin(doc.folded.original[ostart:oend])
        key = words, non_latin
        verdicts = judged.get(key)
        if verdicts is None:
            verdicts = judged[key] = _judge_run(words, non_latin, index, targets)
        for tid, lo, hi, score, how in verdicts:
            out.append(Evidence(at[lo], at[hi] + len(words[hi]), targets[tid], score, how))
    return out


def _judge_run(
    words: tuple[str, ...], non_latin: bool, index: RewordIndex, targets: Sequence[Target]
) -> list[Verdict]:
    candidates = index.candidates(words)
    if not candidates:
        return []
    absent = ~_sounds(words)
    read: _Read | None = None
    out = []
    for tid in sorted(candidates):
        target = targets[tid]
        # Most candidates lack the first sound of two words (of a person's, one): refused
        # before a word is read. A person's name must all be there; an organisation's may
        # lack one word.
        if (_sounds(_content(target.tokens)) & absent).bit_count() > (not target.person):
            continue
        read = read or _Read(words, non_latin)
        if (v := _weigh(read, target)) is not None:
            out.append((tid, *v))
    return out


@lru_cache(maxsize=8192)
def _sounds(words: tuple[str, ...]) -> int:
    """One bit per first sound among `words` (`word_onset`; letters and digits fit in 64)."""
    bits = 0
    for w in words:
        bits |= 1 << (ord(word_onset(w)[:1] or " ") & 63)
    return bits


class _Read:
    """A run's words, looked up by spelling and by first sound: read once for every candidate."""

    def __init__(self, words: tuple[str, ...], non_latin: bool) -> None:
        self.words = words
        self.non_latin = non_latin
        self.at: dict[str, list[int]] = {}
        self.by_onset: dict[str, list[int]] = {}
        for j, w in enumerate(self.words):
            self.at.setdefault(w, []).append(j)
            if len(w) > 1 and w.isalpha():
                self.by_onset.setdefault(word_onset(w), []).append(j)


def _run_around(cased: str, start: int) -> tuple[list[int], list[str]]:
    """The name words (capitalised, or particles and connectors inside) around the word at
    `start` of the cased folded text, and where each starts, within one phrase: punctuation
    (two spaces once folded), a title or any other lower-case word ends it.

    `ScanText.word_before`, both ways and inlined: hundreds of runs a BBC round."""
    end = cased.find(" ", start)
    end = len(cased) if end < 0 else end
    starts, words = [start], [cased[start:end].lower()]
    at = start
    for _ in range(_RUN_WORDS):
        if at < 2 or cased[at - 1] != " " or cased[at - 2] == " ":
            break
        begin = cased.rfind(" ", 0, at - 1) + 1
        word = cased[begin : at - 1]
        if not _name_word(word):
            break
        at = begin
        starts.insert(0, at)
        words.insert(0, word.lower())
    at = end
    for _ in range(_RUN_WORDS):
        if at + 1 >= len(cased) or cased[at] != " " or cased[at + 1] == " ":
            break
        stop = cased.find(" ", at + 1)
        stop = len(cased) if stop < 0 else stop
        word = cased[at + 1 : stop]
        if not _name_word(word):
            break
        starts.append(at + 1)
        words.append(word.lower())
        at = stop
    while words and words[0] in _CONNECTORS:
        del starts[0], words[0]
    while words and words[-1] in _CONNECTORS:
        del starts[-1], words[-1]
    return starts, words


def _name_word(word: str) -> bool:
    lower = word.lower()
    if word[0].isupper() or word[0].isdigit():
        return lower not in TITLES
    return lower in PARTICLES or lower in _CONNECTORS


@lru_cache(maxsize=8192)
def _content(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a name that must be found: not particles, connectors or legal forms
    ("joint stock company" is one form, as rigour reads it)."""
    words = replace_org_types_compare(" ".join(tokens)).split()
    return tuple(w for w in words if not _filler(w))


@lru_cache(maxsize=65536)
def _filler(word: str) -> bool:
    """A word a name may have or lack: a particle, a connector, a legal form."""
    return word in PARTICLES or word in _CONNECTORS or not remove_org_types(word).strip()


def _weigh(read: _Read, target: Target) -> tuple[int, int, float, str] | None:
    """The first and last word of the run that name the target, the score and how, or None
    when they are not the same name."""
    wanted = _content(target.tokens)
    words = read.words
    partner: dict[int, int] = {}  # wanted index -> run index
    used: set[int] = set()
    closeness: list[float] = []
    # Words as listed first, then variant spellings among the words left.
    for i, w in enumerate(wanted):
        j = next((j for j in read.at.get(w, ()) if j not in used), None)
        if j is not None:
            partner[i] = j
            used.add(j)
            closeness.append(1.0)
    # Most candidates end here: a word no run word starts like cannot be there at all.
    left = [i for i in range(len(wanted)) if i not in partner]
    open_ = [i for i in left if word_onset(wanted[i]) in read.by_onset]
    if len(left) - len(open_) > (not target.person) or len(partner) + len(open_) < 2:
        return None
    variant_how = ""
    for i in open_:
        w = wanted[i]
        best: tuple[float, int, str] | None = None
        for j in read.by_onset[word_onset(w)]:
            x = words[j]
            if j in used or abs(len(x) - len(w)) > _LENGTH_SLACK:
                continue
            # An everyday word is no misspelt name ("controls" is not "KONTROLES") unless it
            # sounds the same ("Organised" for "ORGANIZED").
            if not (_may_vary(x) and _may_vary(w)) and phonetic(x) != phonetic(w):
                continue
            judged = judge_variant((x,), (w,), non_latin=read.non_latin)
            if judged is not None and (best is None or judged[0] > best[0]):
                best = (judged[0], j, judged[1])
        if best is not None:
            partner[i] = best[1]
            used.add(best[1])
            closeness.append(best[0])
            variant_how = best[2]
    missing = [w for i, w in enumerate(wanted) if i not in partner]
    # An organisation's name may lack one word when three are there ("Rafsanjan Cement Company"
    # for "ZARIN RAFSANJAN CEMENT COMPANY"; not "Societe Generale" for "SOCIETE GENERALE DE
    # PAIN"); a person's may not: "Orlando Duarte Torres" is not "DUARTE TORRES, Rafael".
    if len(partner) < 2 or len(missing) > (len(partner) >= 3 and not target.person):
        return None
    if any(any(c.isdigit() for c in w) for w in missing):
        return None  # "Sakhalin 1" is not "SAKHALIN 10"
    if name_information(wanted[i] for i in partner) < _MIN_INFO:
        return None
    lo, hi = min(partner.values()), max(partner.values())
    between = [words[j] for j in range(lo, hi + 1) if j not in used]
    extra = [w for w in between if not _filler(w)]
    if len(extra) > 1 or any(w.isdigit() for w in extra):
        return None
    if words[lo : hi + 1] == target.tokens:
        return None  # the name as listed: the automata judged it
    in_order = [partner[i] for i in sorted(partner)] == sorted(partner.values())
    if target.person and not _person_fits(target, wanted, partner, words, lo):
        return None
    changes = len(missing) + len(extra) + (not in_order)
    score = _CEILING * (sum(closeness) / len(closeness)) * _PER_CHANGE**changes * target.weight
    if missing or extra or (in_order and not variant_how):
        how = "partial name"  # or a legal form, a particle, a connector more or less
    else:
        how = "transliterated" if read.non_latin else variant_how or "reordered"
    return lo, hi, score, how


def _may_vary(word: str) -> bool:
    """Whether a word may be written in a variant spelling: a name word, not a number, an
    initial or an everyday word."""
    return len(word) > 1 and word.isalpha() and may_misspell(word)


def _person_fits(
    target: Target,
    wanted: tuple[str, ...],
    partner: dict[int, int],
    words: Sequence[str],
    lo: int,
) -> bool:
    """A person's surname and first given name must both be there, and no other name before
    them: "Mohammad Ali Soleimani" is not "Ali SOLEIMANI"."""
    surname = target.surname
    if surname is None or surname not in wanted:
        return False
    given = [w for w in wanted if w != surname]
    if any(wanted.index(w) not in partner for w in [surname, *given[:1]]):
        return False
    return not any(may_misspell(w) for w in words[:lo] if w not in PARTICLES)
