"""East Slavic given names: one name in its Russian, Ukrainian and Belarusian forms."""

from __future__ import annotations

import pytest

from watchlists.east_slavic import _ROWS, east_slavic_forms, russian_form
from watchlists.phonetics import name_skeletons


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
        (("qasem", "soleimani"), []),
    ],
)
def test_east_slavic_forms(tokens: tuple[str, ...], expected: list[tuple[str, ...]]) -> None:
    forms = east_slavic_forms(tokens)
    assert forms == expected
    for form in forms:
        assert name_skeletons(form) != name_skeletons(tokens)
