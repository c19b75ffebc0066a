"""One East Slavic given name in its Russian, Ukrainian and Belarusian forms.

Lists and papers write one person's names in the language of the country that writes them:
OpenSanctions' Ukrainian data gives "ЧЕРКАСОВ Андрей Николаевич" and a Ukrainian paper writes
"Черкасов Андрій Миколайович"; OFAC writes "Serhiy Mykolayovych CHEREVKO", the UK list
"Sergey Nikolaevich". Most pairs share a consonant skeleton, and only the judgement needs to
know they are one name ("Olena"/"Elena"). Some do not ("Mykola"/"Nikolai", "Kostiantyn"/
"Konstantin", "Serhii"/"Sergei", "Ihor"/"Igor"): those need the other form in the index.

Words are looked up by their phonetic form, so one spelling stands for its transliteration
variants ("Nikolay", "Nikolaj"); the other spellings in a row are those it does not reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import ahocorasick_rs

from watchlists.phonetics import name_skeletons, phonetic, phonetic_text

__all__ = [
    "east_slavic_forms",
    "forms_by_line",
    "russian_form",
    "same_name",
]

# Russian form first, then Ukrainian and Belarusian ("" when none is worth having), then
# further spellings of any of them: Latin transliterations, and Cyrillic as folding writes it
# (Ukrainian "г" folds to "g": "Сергій" is "sergiy").
_ROWS: tuple[tuple[str, ...], ...] = (
    ("nikolai", "mykola", "mikalai"),
    ("nikolaevich", "mykolaiovych", "mikalaevich", "nikolayevich", "nikolaievich"),
    ("nikolaevna", "mykolaivna", "mikalaeuna", "nikolayevna", "mykolayivna"),
    ("konstantin", "kostiantyn", "kanstantsin", "kostyantyn"),
    ("konstantinovich", "kostiantynovych", "kanstantsinavich", "kostyantynovych"),
    ("konstantinovna", "kostiantynivna", "kanstantsinauna", "kostyantynivna"),
    ("ekaterina", "kateryna", "katsiaryna", "yekaterina", "katsyaryna"),
    ("sergei", "serhii", "siarhei", "sergiy", "sergii", "serhiy"),
    ("sergeevich", "serhiiovych", "siarheevich", "sergeyevich", "sergiyovich", "sergiiovich"),
    ("sergeevna", "serhiivna", "siarheeuna", "sergeyevna", "sergiivna"),
    ("igor", "ihor", "ihar"),
    ("igorevich", "ihorovych", "iharavich"),
    ("igorevna", "ihorivna", "iharauna"),
    ("grigorii", "hryhorii", "ryhor", "grigory", "hryhoriy"),
    ("grigorievich", "hryhorovych", "ryhoravich", "grigoryevich", "grigorevich"),
    ("grigorievna", "hryhorivna", "ryhorauna", "grigoryevna", "grigorevna"),
    ("georgii", "heorhii", "", "georgy", "heorhiy"),
    ("georgievich", "heorhiiovych", "", "georgiyevich", "heorhiyovych"),
    ("evgenii", "yevhen", "yauhen", "evgeny", "yevgeny", "yevgeniy", "ievgen", "yevgen"),
    ("evgenievich", "yevhenovych", "yauhenavich", "evgenyevich", "evgenevich", "yevgenyevich"),
    ("evgenievna", "yevhenivna", "yauhenauna", "evgenyevna", "evgenevna", "yevgenyevna"),
    ("oleg", "oleh", "aleh"),
    ("olegovich", "olehovych", "alehavich"),
    ("olegovna", "olehivna", "alehauna"),
    ("olga", "olha", "volha"),
    ("bogdan", "bohdan", "bahdan"),
    ("bogdanovich", "bohdanovych", "bahdanavich"),
    ("nikita", "mykyta", "mikita"),
    ("filipp", "pylyp", "pilip"),
    ("vladimir", "volodymyr", "uladzimir"),
    ("vladimirovich", "volodymyrovych", "uladzimiravich"),
    ("vladimirovna", "volodymyrivna", "uladzimirauna"),
    ("dmitrii", "dmytro", "dzmitry", "dmitry", "dmitriy"),
    ("dmitrievich", "dmytrovych", "dzmitryevich", "dmitriyevich"),
    ("gennadii", "hennadii", "henadz", "gennady", "gennadiy", "hennadiy"),
    ("gennadievich", "hennadiiovych", "henadzevich", "gennadyevich", "gennadevich"),
    ("tatiana", "tetiana", "tatsiana", "tatyana", "tetyana"),
    ("yakovlevich", "yakovych", ""),
    ("elena", "olena", "alena"),
    ("pavel", "pavlo", "paval"),
    ("aleksei", "oleksii", "aliaksei", "aleksey", "alexei", "alexey", "oleksiy", "oleksij"),
    ("aleksandr", "oleksandr", "aliaksandr", "alexander", "alexandr", "olexandr"),
    ("aleksandrovna", "oleksandrivna", "aliaksandrauna", "alexandrovna"),
    ("andrei", "andrii", "andrei", "andrey", "andriy"),
    ("yurii", "yurii", "yury", "yuri", "yuriy"),
    ("vasilii", "vasyl", "vasil", "vasily", "vasiliy"),
    ("mikhail", "mykhailo", "mikhail", "mykhaylo"),
    ("petr", "petro", "piotr", "pyotr"),
    ("irina", "iryna", "iryna"),
    ("maksim", "maksym", "maksim"),
    ("anatolii", "anatolii", "anatol", "anatoly", "anatoliy"),
    ("valerii", "valerii", "valery", "valeriy"),
    ("viktoria", "viktoriya", "viktoryia"),
    ("natalia", "nataliya", "natallia"),
    ("vitalii", "vitalii", "vitali", "vitaly", "vitaliy"),
    ("lyudmila", "liudmyla", "liudmila", "lyudmyla"),
)
# The forms a name takes in the index: Russian and Ukrainian. Belarusian forms are read (the
# judgement takes "Siarhei" for "Sergei") but not indexed: a Belarusian paper writes the surname
# in Belarusian too ("Liashenka" for "Lyashenko"), which no given-name form would meet.
_INDEXED = 2

_ROW_OF: dict[str, int] = {
    phonetic(spelling): i for i, row in enumerate(_ROWS) for spelling in row if spelling
}


# What lines of single-spaced words have not: a space next to a space or a line break, a second
# leading '"', other white space.
_IRREGULAR = ("  ", " \n", "\n ", '\n"', "\t", "\r", "\x0b", "\x0c")

# Every phonetic form of the table as a whole word, to find them in many lines at once.
_WORDS = ahocorasick_rs.BytesAhoCorasick([f" {p} ".encode("ascii") for p in _ROW_OF])


def _row(word: str) -> tuple[str, ...] | None:
    i = _ROW_OF.get(phonetic(word))
    return None if i is None else _ROWS[i]


@lru_cache(maxsize=262144)
def _other_forms(word: str) -> tuple[str | None, ...] | None:
    """The word in each language, None where that form has the word's own skeleton (the index
    meets it already), or None when the word is no name of the table."""
    row = _row(word)
    if row is None:
        return None
    seen = name_skeletons((word,))
    forms: list[str | None] = []
    for form in row[:_INDEXED]:
        skeleton = name_skeletons((form,)) if form else seen
        forms.append(None if skeleton <= seen else form)
        seen = seen | skeleton
    return tuple(forms) if any(forms) else None


def russian_form(word: str) -> str:
    """The Russian form of an East Slavic given name or patronymic ("olena" -> "elena"), or the
    word itself."""
    row = _row(word)
    return word if row is None else row[0]


def same_name(a: str, b: str) -> bool:
    """Whether two words are one name, alike or in two languages' forms ("mykola", "nikolai")."""
    return a == b or russian_form(a) == russian_form(b)


def east_slavic_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with its given names and patronymic in the other languages' forms, where the
    index could not otherwise meet them: only forms whose skeleton differs."""
    return _forms(tokens, range(len(tokens)))


def _forms(tokens: tuple[str, ...], names: Iterable[int]) -> list[tuple[str, ...]]:
    """`east_slavic_forms`, reading only the words at `names` (the others are no names)."""
    names = list(names)
    changes = [(i, others) for i in names if (others := _other_forms(tokens[i])) is not None]
    # A name with a given name or patronymic of the table is East Slavic: a Belarusian surname
    # in "-ou" or "-eu" is "-ov" or "-ev" in Russian and Ukrainian ("MIKHALTSOU, Dzmitry" is
    # "Dmitry Mikhaltsov" in a Russian paper). Its skeleton lacks the v: no variant meets it.
    surnames = [
        (i, word[:-1] + "v")
        for i, word in enumerate(tokens)
        if len(word) > 4 and word[-2:] in ("ou", "eu") and word[-3] not in _VOWELS
    ]
    if surnames and not changes and not _east_slavic(tokens, names):
        surnames = []
    if not changes and not surnames:
        return []
    out: list[tuple[str, ...]] = []
    for language in range(_INDEXED):
        form = list(tokens)
        for i, others in changes:
            form[i] = others[language] or form[i]
        for i, russian in surnames:
            form[i] = russian
        if form != list(tokens) and tuple(form) not in out:
            out.append(tuple(form))
    return out


def _east_slavic(tokens: tuple[str, ...], names: list[int]) -> bool:
    """Whether a name holds a word of the table (only those: `forms_by_line` finds no other)."""
    return any(_row(tokens[i]) is not None for i in names)


_VOWELS = frozenset("aeiouy")


def forms_by_line(lines: Sequence[str]) -> Iterator[tuple[int, list[tuple[str, ...]]]]:
    """`east_slavic_forms` of the words of many lines at once (a million watch terms), with the
    line number, for the lines that have any; a leading '"' (a quoted phrase's key) is no letter.

    One phonetic pass and one automaton over the lines find the words of the table; looking up
    each distinct word took 5 s for a million terms, most of them surnames of no interest.
    """
    # In slices, and given as found: the passes copy the text a few times, and small objects
    # freed are not always given back (holding the forms of a million terms at once left the
    # process 30 MB larger).
    for first in range(0, len(lines), _SLICE):
        yield from _slice_forms(lines[first : first + _SLICE], first)


_SLICE = 50_000


def _slice_forms(lines: Sequence[str], first: int) -> Iterator[tuple[int, list[tuple[str, ...]]]]:
    # Words are counted by the spaces before them: lines of words single-spaced, as folded keys
    # are; any other line is made so first (the slow way, a line at a time).
    text = "\n".join(lines).replace('\n"', "\n").removeprefix('"')
    if (
        not text.isascii()
        or text[:1] in ' "'
        or text[-1:] == " "
        or any(map(text.__contains__, _IRREGULAR))
    ):
        text = "\n".join(" ".join(line.lstrip('"').split()) for line in lines)
        text = text.encode("ascii", "replace").decode("ascii")
    # Bytes: over a str, the automaton keeps a character offset per byte.
    padded = (" " + phonetic_text(text).replace("\n", " \n ") + " ").encode("ascii")
    line, line_start, last = -1, 0, 0
    names: list[int] = []  # positions of the words of `line` that are names of the table
    # A last hit past the end reads the last line's names.
    for _, start, _ in [*_WORDS.find_matches_as_indexes(padded, overlapping=True), (0, -1, 0)]:
        breaks = padded.count(b"\n", last, start) if start >= 0 else 1
        if breaks or line < 0:
            if names and (forms := _forms(tuple(lines[line].lstrip('"').split()), names)):
                yield first + line, forms
            if start < 0:
                break
            line += breaks + (line < 0)
            line_start = padded.rfind(b"\n", 0, start) + 1
            names = []
        last = start
        names.append(padded.count(b" ", line_start, start))
