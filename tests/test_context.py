"""`named_in_full_elsewhere` reads, around each place the word is written, what its pattern
reads over the whole text."""

from __future__ import annotations

import random

import pytest

from watchlists.context import (
    _names_someone,
    _neighbour_pattern,
    _neighbours,
    named_in_full_elsewhere,
)

_WORDS = ["Mirza", "Sania", "Said", "MIRZA", "Mirzaev", "Ltd", "The", "Émile", "12", "x_y", "a"]
_GAPS = [" ", "\t", "  ", ", ", "-", "'", "\n", " (", ""]


def _by_pattern(text: str, word: str) -> bool:
    return any(
        _names_someone(m.group(1) or m.group(2)) for m in _neighbour_pattern(word).finditer(text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sania Mirza won.", True),  # a rare capitalised word before
        ("Mirza Sania won.", True),  # ... or after
        ("The Mirza won.", False),  # an everyday word
        ("Mirza Ltd won.", False),  # a legal form
        ("Sania-Mirza won.", False),  # not spaces between
        ("said Mirza Sania", True),
    ],
)
def test_neighbours_of_one_occurrence(text: str, expected: bool) -> None:
    assert named_in_full_elsewhere(text, "Mirza") is expected
    assert _by_pattern(text, "Mirza") is expected


def test_the_neighbours_are_the_patterns_on_random_texts() -> None:
    rng = random.Random(5)
    several = 0
    for _ in range(30_000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            parts += [rng.choice(_WORDS), rng.choice(_GAPS)]
        text = "".join(parts)
        for word in ("Mirza", "Sania", "MIRZA"):
            if word not in text:
                continue
            several += text.count(word) > 1
            by_pattern = [m.group(1) or m.group(2) for m in _neighbour_pattern(word).finditer(text)]
            assert list(_neighbours(text, word)) == by_pattern, text
            assert named_in_full_elsewhere(text, word) == _by_pattern(text, word), text
    assert several > 5_000
