"""East Slavic given names: one name in its Russian, Ukrainian and Belarusian forms."""

from __future__ import annotations

import pytest

import watchlists.east_slavic as east_slavic
from watchlists.east_slavic import _ROWS, east_slavic_forms, forms_by_line, russian_form
from watchlists.phonetics import name_skeletons, phonetic, phonetic_text


def test_every_spelling_reads_as_its_own_row() -> None:
    # The table is looked up by phonetic form: two rows meeting there would shadow each other.
    for row in _ROWS:
        for spelling in filter(None, row):
            assert russian_form(spelling) == row[0], spelling


@pytest.mark.parametrize(
    ("word", "russian"),
    [
        ("mykola", "nikolai"),
        ("nikolay", "nikolai"),
        ("mikolayovich", "nikolaevich"),  # Миколайович as folding writes it
        ("serhiy", "sergei"),
        ("sergiy", "sergei"),  # Сергій
        ("siarhei", "sergei"),
        ("kostyantin", "konstantin"),  # Костянтин
        ("olena", "elena"),
        ("olga", "olga"),
        ("oleg", "oleg"),
        ("pablo", "pablo"),
        ("smith", "smith"),
    ],
)
def test_russian_form(word: str, russian: str) -> None:
    assert russian_form(word) == russian


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # Only the words whose skeleton differs change; the others meet already.
        (("cherkasov", "andrey", "nikolaevich"), [("cherkasov", "andrey", "mykolaiovych")]),
        (("baskov", "mykola", "viktorovich"), [("baskov", "nikolai", "viktorovich")]),
        (("sergey", "shoigu"), [("serhii", "shoigu")]),
        (("elena", "isinbaeva"), []),
        # A Belarusian surname in "-ou" is "-ov" in both, with a given name of the table.
        (("mikhaltsou", "dzmitry"), [("mikhaltsov", "dmitrii"), ("mikhaltsov", "dzmitry")]),
        (("piotr", "aleksandrovich", "arlou"), [("piotr", "aleksandrovich", "arlov")]),
        (("amadou", "koufa"), []),
        (("dzianis", "mikusheu"), []),  # no word of the table: not known to be East Slavic
        (("qasem", "soleimani"), []),
    ],
)
def test_east_slavic_forms(tokens: tuple[str, ...], expected: list[tuple[str, ...]]) -> None:
    forms = east_slavic_forms(tokens)
    assert forms == expected
    for form in forms:
        assert name_skeletons(form) != name_skeletons(tokens)


KEYS = [
    "nikolai azarov",
    "soleimani",
    '"sergej schoigu',  # a quoted phrase's key
    "ivanov nikolajevich",
    "mykola",
    "olga & partners",
    "smith",
    "ttchk kkh",
    "petrov oleh",
    "petr barsukou",
    "nikolaison",  # holds a name, is none
    "caf\u00e9 mykola",  # not folded: read all the same
    "  sergei\tivanov  nikolaevich ",  # nor single-spaced
    '""oleg petrov',
]


def test_forms_by_line_is_east_slavic_forms_line_by_line() -> None:
    # One phonetic pass and one automaton over all lines give what asking word by word gives.
    found = dict(forms_by_line(KEYS))
    assert found == {
        i: forms
        for i, key in enumerate(KEYS)
        if key.isascii() and (forms := east_slavic_forms(tuple(key.lstrip('"').split())))
    } | {11: [("caf\u00e9", "nikolai")]}
    assert sorted(found) == [0, 2, 3, 4, 5, 8, 9, 11, 12, 13]
    assert found[9] == [("petr", "barsukov")]
    assert found[12] == [("serhii", "ivanov", "mykolaiovych")]
    assert found[2] == [("serhii", "schoigu")]
    assert list(forms_by_line([])) == []
    assert list(forms_by_line(["smith", "jones"])) == []


@pytest.mark.parametrize("size", [1, 2, 5])
def test_forms_by_line_in_slices(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = list(forms_by_line(KEYS))
    monkeypatch.setattr(east_slavic, "_SLICE", size)
    assert list(forms_by_line(KEYS)) == whole


@pytest.mark.parametrize("repeat", [1, 40])  # under and over the length where numpy takes over
def test_phonetic_text_is_phonetic_word_for_word(repeat: int) -> None:
    words = ["ghasem", "soleimani", "tschaikowski", "mykolayovych", "zzz", "aaa", "llll", "x", "&"]
    text = " ".join(words * repeat)
    assert phonetic_text(text) == " ".join(phonetic(w) for w in words * repeat)
