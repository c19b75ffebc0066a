"""diff_entities: literal tables."""

from __future__ import annotations

import pytest

from watchlists.changes import EntityChange, diff_entities
from watchlists.entities import EntityKind, ListEntity


def _entity(ref: str, name: str) -> ListEntity:
    return ListEntity("un", ref, EntityKind.PERSON, name)


@pytest.mark.parametrize(
    ("old", "new", "added", "removed"),
    [
        ({}, [], [], []),
        ({}, [("1", "A")], [("un:1", "A")], []),
        ({"un:1": "A"}, [], [], [("un:1", "A")]),
        (
            {"un:1": "A", "un:2": "B"},
            [("2", "B renamed"), ("3", "C")],
            [("un:3", "C")],
            [("un:1", "A")],
        ),
        ({"un:1": "A"}, [("1", "A")], [], []),
        (
            {"un:10": "X", "un:9": "Y"},
            [("8", "Z"), ("11", "W")],
            [("un:11", "W"), ("un:8", "Z")],
            [("un:10", "X"), ("un:9", "Y")],
        ),
    ],
)
def test_diff_entities(
    old: dict[str, str],
    new: list[tuple[str, str]],
    added: list[tuple[str, str]],
    removed: list[tuple[str, str]],
) -> None:
    got_added, got_removed = diff_entities(old, [_entity(ref, name) for ref, name in new])
    assert got_added == [EntityChange(*pair) for pair in added]
    assert got_removed == [EntityChange(*pair) for pair in removed]
