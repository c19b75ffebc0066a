"""Overlap look-ups in log time give what the scans over every span gave."""

from __future__ import annotations

import random

from watchlists.evidence import Evidence
from watchlists.name_index import Target
from watchlists.resolve import best_non_overlapping
from watchlists.spans import SpanSet


def _random_spans(rng: random.Random, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        start = rng.randrange(0, 200)
        out.append((start, start + rng.randrange(1, 30)))
    return out


def test_span_set_is_the_scan_over_every_span() -> None:
    rng = random.Random(3)
    for _ in range(300):
        spans = _random_spans(rng, rng.randrange(0, 12))
        found = SpanSet(spans)
        for start, end in _random_spans(rng, 20):
            expected = any(s < end and start < t for s, t in spans)
            assert found.overlaps(start, end) is expected, (spans, start, end)


def _naive_best_non_overlapping(found: list[Evidence]) -> list[Evidence]:
    """The definition `best_non_overlapping` had before it bisected (quadratic)."""
    found = sorted(found, key=lambda e: (-(e.score + 0.05 * len(e.target.tokens)), e.start))
    kept: list[Evidence] = []
    taken: list[tuple[int, int]] = []
    for e in found:
        same = [k for k in kept if k.start == e.start and k.end == e.end]
        if same or not any(s < e.end and e.start < t for s, t in taken):
            kept.append(e)
            taken.append((e.start, e.end))
    return kept


def test_best_non_overlapping_is_its_quadratic_definition() -> None:
    rng = random.Random(5)
    for _ in range(300):
        evidence = []
        for start, end in _random_spans(rng, rng.randrange(0, 25)):
            tokens = tuple("w" for _ in range(rng.randrange(1, 4)))
            target = Target("g", ("ofac:1",), "N", tokens, "exact", 4.0, 1.0, False)
            score = rng.choice([0.6, 0.7, 0.8, 0.85, 0.9, 1.0])
            evidence.append(Evidence(start, end, target, score, "exact"))
        assert best_non_overlapping(evidence) == _naive_best_non_overlapping(evidence)


def test_span_set_contains_is_its_definition() -> None:
    rng = random.Random(4)
    for _ in range(300):
        spans = _random_spans(rng, rng.randrange(0, 12))
        found = SpanSet(spans)
        for start, end in _random_spans(rng, 20) + spans:
            expected = any(s <= start and end <= t and (s, t) != (start, end) for s, t in spans)
            assert found.contains(start, end) is expected, (spans, start, end)
