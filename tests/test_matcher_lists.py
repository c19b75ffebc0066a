"""The matcher on the real shared lists (indexed once per session) and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.matcher import Matcher
from watchlists.mentions import Mention

pytestmark = pytest.mark.slow

LISTS = (
    "sanctions/un/consolidated_2026-02-27.xml",
    "sanctions/ofac/sdn_2024-05-03",
    "sanctions/uk/ConList_2025-04-14.csv",
    "sanctions/opensanctions/ua_war_targets.simple.csv",
)


@pytest.fixture(scope="session")
def full_matcher(shared_data: Path) -> Matcher:
    from ingest.list_files import read_list_paths
    from watchlists.linking import link_entities

    snapshots = read_list_paths([shared_data / p for p in LISTS])
    entities = [e for s in snapshots for e in s.entities]
    return Matcher(entities, links=link_entities(entities))


def _refs(mentions: list[Mention], text: str) -> set[str]:
    return {r for m in mentions if m.text == text and m.kind == "sanction" for r in m.refs}


@pytest.mark.parametrize(
    ("sentence", "span", "ref"),
    [
        ("Talks with Kim Jong-un ended.", "Kim Jong-un", "ofac:20157"),
        ("A cell of al-Qaeda was found.", "al-Qaeda", "un:QDe.004"),
        ("He met Qasem Soleimani in Moscow.", "Qasem Soleimani", "un:IRi.039"),
        ("He met Касем Сулеймани in Moscow.", "Касем Сулеймани", "ofac:10481"),
        ("He met Ghasem Soleimani in Moscow.", "Ghasem Soleimani", "un:IRi.039"),
        ("He met Qassem Suleimani in Moscow.", "Qassem Suleimani", "ofac:10481"),
        ("He met Sergej Schoigu in Moscow.", "Sergej Schoigu", "ofac:35173"),
        ("He met Sergei Shoigu in Moscow.", "Sergei Shoigu", "ofac:35173"),
        ("He met Nicolas Maduro in Caracas.", "Nicolas Maduro", "ofac:22790"),
        ("He met Ramzan Kadyrov in Grozny.", "Ramzan Kadyrov", "ofac:23343"),
        ("He met Vladimir Putin in Moscow.", "Vladimir Putin", "ofac:35096"),
        ("The Qods Force is an arm of the IRGC.", "Qods Force", "ofac:10465"),
        # Headlines in capitals meet variant spellings too.
        ("GENERAL QASSEM SULEIMANI VISITED MOSCOW", "QASSEM SULEIMANI", "ofac:10481"),
        ("SERGEJ SCHOIGU IN TEHRAN", "SERGEJ SCHOIGU", "ofac:35173"),
        # A name the lists hold shorter: the rare surname anchors it (watchlists/gaps.py).
        ("He met Qasem Ali Soleimani in Moscow.", "Qasem Ali Soleimani", "un:IRi.039"),
    ],
)
def test_issue_examples_on_real_lists(
    full_matcher: Matcher, sentence: str, span: str, ref: str
) -> None:
    assert ref in _refs(full_matcher.scan(sentence), span)


def test_seed_article(full_matcher: Matcher, shared_seeds: Path) -> None:
    text = (shared_seeds / "rferl_soleimani_russia_2015-08.txt").read_text(encoding="utf-8")
    mentions = full_matcher.scan(text)
    found = {(m.text, r) for m in mentions for r in m.refs if m.band == "alert"}
    for expected in [
        ("Ghasem Soleimani", "un:IRi.039"),
        ("Soleimaini", "un:IRi.039"),
        ("Vladimir Putin", "ofac:35096"),
        ("Sergei Shoigu", "ofac:35173"),
        ("Quds Force", "ofac:10465"),
    ]:
        assert expected in found, expected
    assert mentions == sorted(mentions, key=lambda m: m.start)


@pytest.mark.parametrize(
    ("sentence", "span", "how"),
    [
        ("He met Qassem Suleimani in Moscow.", "Qassem Suleimani", "transliteration"),
        ("He met Ghasem Soleimani in Moscow.", "Ghasem Soleimani", "transliteration"),
    ],
)
def test_a_vowel_for_a_vowel_is_transliteration_not_typo(
    full_matcher: Matcher, sentence: str, span: str, how: str
) -> None:
    assert {m.how for m in full_matcher.scan(sentence) if m.text == span} == {how}


def test_mr_putin_is_the_putin_named_before(full_matcher: Matcher) -> None:
    text = "Vladimir Putin flew to Tehran. On Monday Mr Putin met officials."
    later = [m for m in full_matcher.scan(text) if m.text == "Putin"]
    assert later and "ofac:35096" in later[0].refs
    # The UK list has other Putins (Igor, Mikhail, Roman): not them.
    assert not {"uk:15386", "uk:15388", "uk:15392"} & set(later[0].refs)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mohammad Soleimani scored twice for the club on Saturday.",
        "Mohammad Ali Soleimani scored twice for the club on Saturday.",
        "King Solomon's mines were never found.",
        "Next, the power of the base gave the Ministry of Defence a green light.",
    ],
)
def test_no_false_alert_on_real_lists(full_matcher: Matcher, sentence: str) -> None:
    mentions = full_matcher.scan(sentence)
    assert not [m for m in mentions if m.band == "alert"]
    assert "un:IRi.039" not in {r for m in mentions for r in m.refs}


def test_check_on_real_lists(full_matcher: Matcher) -> None:
    best = full_matcher.check("Ghasem Soleimani")[0]
    assert "un:IRi.039" in best.refs or "ofac:10481" in best.refs
    assert best.score >= 0.8
