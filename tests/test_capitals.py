"""Words in capitals are written as names for the skeleton; both code paths agree."""

from __future__ import annotations

import random

import pytest

from watchlists.folding import _ARRAY_FROM, capitals_as_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("QASSEM SULEIMANI", "Qassem Suleimani"),
        ("Qassem Suleimani", "Qassem Suleimani"),
        ("McDONALD said", "McDonald said"),
        ("the BBC and UN", "the Bbc and Un"),
        ("A B C", "A B C"),  # one capital alone stays
        ("KHALID al ASSAD", "Khalid al Assad"),
        ("", ""),
    ],
)
def test_capitals_as_names_table(text: str, expected: str) -> None:
    assert capitals_as_names(text) == expected


def test_array_path_equals_regex_path() -> None:
    rng = random.Random(5)
    alphabet = "ABCXYZabcxyz 019"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(_ARRAY_FROM, 600)))
        short = " ".join(capitals_as_names(part) for part in text.split(" "))
        assert capitals_as_names(text) == short
    plain = "no capitals at all " * 40
    assert capitals_as_names(plain) == plain
