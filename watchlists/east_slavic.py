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

from functools import lru_cache

from watchlists.phonetics import name_skeletons, phonetic

__all__ = ["east_slavic_forms", "has_east_slavic_forms", "russian_form", "same_name"]

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


def has_east_slavic_forms(tokens: tuple[str, ...]) -> bool:
    """Whether `east_slavic_forms` of these words, or of any of them, gives anything."""
    return any(map(_other_forms, tokens))


def east_slavic_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with its given names and patronymic in the other languages' forms, where the
    index could not otherwise meet them: only forms whose skeleton differs."""
    others = [_other_forms(t) for t in tokens]
    if not any(others):
        return []
    out: list[tuple[str, ...]] = []
    for language in range(_INDEXED):
        form = tuple(
            o[language] or t if o is not None else t for t, o in zip(tokens, others, strict=True)
        )
        if form != tokens:
            out.append(form)
    return out
