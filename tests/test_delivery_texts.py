"""Pure parts of delivery: escaping, snippets, splitting, quiet hours, buttons, payloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.alert_buttons import CALLBACK_PATTERN, keyboard_rows
from bot.alert_texts import (
    AlertView,
    DigestGroup,
    DigestItem,
    ListChangeView,
    MatchView,
    RefLink,
    escape,
    escape_attr,
    render_alert,
    render_digest,
    render_list_changes,
    snippet,
    split_blocks,
)
from bot.delivery_holds import held_until, quiet_until
from bot.emulator import parse_html
from bot.outbox_sending import Payload, backoff
from storage.models import Chat


def match(**fields: object) -> MatchView:
    base: dict[str, object] = {
        "match_id": 7,
        "kind": "watch",
        "name": "Soleimani",
        "matched": "Soleimani",
        "before": "General ",
        "after": " met",
        "score": 0.93,
        "band": "alert",
    }
    base.update(fields)
    return MatchView(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "text", "attr"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", "a &lt; b &amp; c &gt; d"),
        ('say "hi"', 'say "hi"', "say &quot;hi&quot;"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", "&lt;b&gt;x&lt;/b&gt;"),
        ("&amp;", "&amp;amp;", "&amp;amp;"),
    ],
)
def test_escaping(raw: str, text: str, attr: str) -> None:
    assert escape(raw) == text
    assert escape_attr(raw) == attr


@pytest.mark.parametrize(
    ("text", "start", "end", "width", "expected"),
    [
        ("General Soleimani met", 8, 17, 90, ("General ", "Soleimani", " met")),
        ("aaa bbb ccc Soleimani ddd eee fff", 12, 21, 6, ("… ccc ", "Soleimani", " ddd …")),
        ("x\n\n  Soleimani\tmet", 5, 14, 90, ("x ", "Soleimani", " met")),
    ],
)
def test_snippet(
    text: str, start: int, end: int, width: int, expected: tuple[str, str, str]
) -> None:
    assert snippet(text, start, end, width) == expected


def test_alert_is_valid_telegram_html_whatever_the_input() -> None:
    hostile = '<script>alert("x")</script> & <a href="javascript:1">'
    view = AlertView(
        title=hostile,
        url='https://example.org/?a=1&b="2"',
        source=hostile,
        published=datetime(2015, 8, 7, 12, tzinfo=UTC),
        matches=(match(name=hostile, matched="<i>", before="<b", after="&"),),
        also_in=(RefLink(hostile, "https://x.org/<>"), RefLink("plain", "javascript:alert(1)")),
    )
    (message,) = render_alert(view, "Asia/Kolkata")
    text, entities = parse_html(message)  # raises on anything Telegram would refuse
    assert hostile in text and "2015-08-07 17:30 IST" in text
    links = [e["url"] for e in entities if e["type"] == "text_link"]
    assert links == ['https://example.org/?a=1&b="2"', "https://x.org/<>"]  # no javascript:


def test_split_keeps_blocks_whole_and_under_the_limit() -> None:
    blocks = [f"<b>{i}</b> " + "x" * 900 for i in range(10)]
    parts = split_blocks(blocks)
    assert len(parts) == 3 and all(len(p) <= 4000 for p in parts)
    assert "\n\n".join(parts) == "\n\n".join(blocks)


def test_a_single_huge_block_is_cut_safely() -> None:
    parts = split_blocks(["<b>" + "y" * 9000 + "</b>"])
    for part in parts:
        parse_html(part)
        assert len(part) <= 4000


def test_digest_and_list_change_texts() -> None:
    groups = [
        DigestGroup("Soleimani", 5, (DigestItem("A & B", "https://a.org", "RFE/RL"),), more=4),
    ]
    (digest,) = render_digest(groups, "2026-04-01")
    text, _ = parse_html(digest)
    assert text.splitlines()[0] == "📰 Digest for 2026-04-01: 5 mentions"
    assert "• A & B (RFE/RL)" in text and "+4 more" in text
    (notice,) = render_list_changes(
        [
            ListChangeView("added", "Qasem <Soleimani>", "un", "IRi.039", "https://un.org/x"),
            ListChangeView("removed", "Old Co", "uk", "ABC1"),
        ]
    )
    text, _ = parse_html(notice)
    assert "newly listed: Qasem <Soleimani> (UN, IRi.039)" in text
    assert "delisted: Old Co (UK, ABC1)" in text
    assert render_list_changes([]) == []


@pytest.mark.parametrize(
    ("utc", "zone", "start", "end", "until"),
    [
        # 23:30 in Paris (summer, UTC+2): quiet until 07:00 Paris = 05:00 UTC next day.
        (datetime(2026, 7, 1, 21, 30, tzinfo=UTC), "Europe/Paris", "22:00", "07:00",
         datetime(2026, 7, 2, 5, 0, tzinfo=UTC)),
        # 06:00 Paris, still inside the period that started the evening before.
        (datetime(2026, 7, 2, 4, 0, tzinfo=UTC), "Europe/Paris", "22:00", "07:00",
         datetime(2026, 7, 2, 5, 0, tzinfo=UTC)),
        # 12:00 Paris: outside.
        (datetime(2026, 7, 2, 10, 0, tzinfo=UTC), "Europe/Paris", "22:00", "07:00", None),
        # Same-day period 13:00-14:00 in Tokyo (UTC+9).
        (datetime(2026, 1, 5, 4, 30, tzinfo=UTC), "Asia/Tokyo", "13:00", "14:00",
         datetime(2026, 1, 5, 5, 0, tzinfo=UTC)),
        # The night DST starts in Paris (29 March 2026): 07:00 is then UTC+2.
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), "Europe/Paris", "22:00", "07:00",
         datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 21, 30, tzinfo=UTC), "Europe/Paris", None, None, None),
        (datetime(2026, 7, 1, 21, 30, tzinfo=UTC), "Not/AZone", "21:00", "22:00",
         datetime(2026, 7, 1, 22, 0, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_quiet_until(
    utc: datetime, zone: str, start: str | None, end: str | None, until: datetime | None
) -> None:
    assert quiet_until(utc, zone, start, end) == until


def test_mutes_hold_everything_quiet_hours_only_alerts() -> None:
    now = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)
    muted = Chat(id=1, muted_until=now + timedelta(hours=1))
    assert held_until(muted, now, "digest") == now + timedelta(hours=1)
    quiet = Chat(id=2, timezone="UTC", quiet_start="21:00", quiet_end="22:00")
    assert held_until(quiet, now, "alert") == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    assert held_until(quiet, now, "digest") is None


def test_buttons_fit_telegrams_callback_limit() -> None:
    view = AlertView(
        None, None, None, None,
        (match(match_id=10**17), match(match_id=2, kind="sanction", name="QASEM SOLEIMANI")),
    )  # fmt: skip
    rows = keyboard_rows(view)
    assert [[label for label, _ in row] for row in rows] == [
        ["Unwatch Soleimani", "Not relevant"],
        ["Not relevant QASEM SOLEIMANI"],
    ]
    for row in rows:
        for _, data in row:
            assert len(data.encode()) <= 64 and CALLBACK_PATTERN.match(data)


def test_payload_round_trip_and_backoff() -> None:
    payload = Payload(("<b>1</b>", "2"), ((("Unwatch", "uw:1"),),), (4, 5))
    assert Payload.from_json(payload.to_json()) == payload
    assert Payload.from_json("plain <b>html</b>") == Payload(("plain <b>html</b>",))
    delays = [backoff(n).total_seconds() for n in range(1, 12)]
    assert delays[:4] == [5, 10, 20, 40] and max(delays) == 3600
