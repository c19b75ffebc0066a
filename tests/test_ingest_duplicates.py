"""canonical_url and content_hash as literal tables; simhash on real BBC articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.canonical import canonical_url, content_hash
from ingest.near_duplicates import (
    DEFAULT_MAX_DISTANCE,
    group_near_duplicates,
    hamming_distance,
    is_near_duplicate,
    simhash,
    story_fingerprint,
)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.BBC.co.uk:443/news/world-123/", "https://www.bbc.co.uk/news/world-123"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        (
            "https://example.com/a?utm_source=tw&utm_medium=social&id=5",
            "https://example.com/a?id=5",
        ),
        (
            "https://example.com/a?fbclid=IwAR0&gclid=x&mc_cid=1&mc_eid=2&ref=rss",
            "https://example.com/a",
        ),
        ("https://example.com/news/story/amp", "https://example.com/news/story"),
        ("https://example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://example.com/news/story?amp=1", "https://example.com/news/story"),
        (
            "https://www-bbc-com.cdn.ampproject.org/c/s/www.bbc.com/news/world-1",
            "https://www.bbc.com/news/world-1",
        ),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/a?q=", "https://example.com/a?q="),
        ("  https://Example.com./a  ", "https://example.com/a"),
        ("http://[::1]:8080/a/", "http://[::1]:8080/a"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("not a url", "not a url"),
        ("http://example.com:99999/", "http://example.com:99999/"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_meaningful_parameters_are_kept() -> None:
    assert canonical_url("https://example.com/view?id=1") != canonical_url(
        "https://example.com/view?id=2"
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Soleimani visited Moscow.", "  soleimani   VISITED\nmoscow. ", True),
        ("Straße", "STRASSE", True),
        ("ﬁnance", "finance", True),  # NFKC folds the ligature
        ("Soleimani visited Moscow.", "Soleimani visited Minsk.", False),
    ],
)
def test_content_hash(a: str, b: str, same: bool) -> None:
    assert (content_hash(a) == content_hash(b)) is same
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(a))


def test_bit_arithmetic() -> None:
    assert hamming_distance(0, (1 << 64) - 1) == 64
    assert hamming_distance(0b1011, 0b0001) == 2
    assert is_near_duplicate(0, 0b111) and not is_near_duplicate(0, (1 << 20) - 1)
    ones = (1 << 64) - 1
    assert group_near_duplicates([0, ones, 0b11, ones ^ 1]) == [[0, 2], [1, 3]]
    assert story_fingerprint("too short to say") is None
    assert simhash("") == 0


def _light_edit(text: str, outlet: int) -> str:
    """What another outlet does to a wire story: dateline, headline tweak, a few words."""
    lines = [line for line in text.splitlines() if line.strip()]
    headline, body = lines[0], " ".join(lines[1:])
    words = body.split()
    swaps = ["reported", "said", "according", "added", "noted"]
    for k in range(3):
        position = (outlet * 37 + k * 101) % len(words)
        words[position] = swaps[(outlet + k) % len(swaps)]
    dateline = ["LONDON (Reuters) -", "(AP)", "AFP -"][outlet % 3]
    return f"{headline} - update\n{dateline} {' '.join(words)}"


@pytest.fixture(scope="module")
def articles(shared_data: Path) -> list[str]:
    """30 real BBC articles, 6 from each section, all different stories."""
    root = shared_data / "news" / "bbc_2004_2005"
    texts = []
    for section in ("business", "entertainment", "politics", "sport", "tech"):
        for number in range(1, 7):
            texts.append((root / section / f"{number:03d}.txt").read_text(encoding="latin-1"))
    return texts


def test_wire_copies_group_and_different_stories_do_not(articles: list[str]) -> None:
    versions = [
        (i, _light_edit(text, outlet)) for i, text in enumerate(articles) for outlet in range(3)
    ]
    originals = [(i, text) for i, text in enumerate(articles)]
    items = originals + versions
    fingerprints = [story_fingerprint(text) for _, text in items]
    assert all(f is not None for f in fingerprints)
    groups = group_near_duplicates([f for f in fingerprints if f is not None])
    stories = sorted(sorted({items[k][0] for k in group}) for group in groups)
    # Each article with its three edited copies is one story; no two articles merged.
    assert stories == [[i] for i in range(len(articles))]
    assert all(len(group) == 4 for group in groups)


def test_distance_margin_on_real_articles(articles: list[str]) -> None:
    fingerprints = [simhash(text) for text in articles]
    closest_different = min(
        hamming_distance(a, b) for i, a in enumerate(fingerprints) for b in fingerprints[i + 1 :]
    )
    farthest_copy = max(
        hamming_distance(simhash(text), simhash(_light_edit(text, outlet)))
        for text in articles
        for outlet in range(3)
    )
    assert farthest_copy <= DEFAULT_MAX_DISTANCE < closest_different
