"""Command argument parsers and callback data: literal tables, no Telegram needed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.command_args import (
    ArgError,
    Term,
    command_argument,
    parse_clock,
    parse_duration,
    parse_feed_url,
    parse_quiet,
    parse_term,
    parse_zone,
)
from bot.keyboards import Callback, list_keyboard, parse_callback
from bot.texts import esc, ref_label


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("/watch Soleimani", "Soleimani"),
        ("/watch@watchbot_sandbox_bot   Qasem  Soleimani ", "Qasem  Soleimani"),
        ("/watch", ""),
        (None, ""),
    ],
)
def test_command_argument(text: str | None, argument: str) -> None:
    assert command_argument(text) == argument


@pytest.mark.parametrize(
    ("raw", "term"),
    [
        ("Soleimani", Term("Soleimani", False)),
        ("  Qasem   Soleimani ", Term("Qasem Soleimani", False)),
        ('"Quds Force"', Term("Quds Force", True)),
        ("“Quds Force”", Term("Quds Force", True)),
        ("«Кассем Сулеймани»", Term("Кассем Сулеймани", True)),
        ("AB", Term("AB", False)),
        ("<b>x</b>", Term("<b>x</b>", False)),
    ],
)
def test_parse_term(raw: str, term: Term) -> None:
    assert parse_term(raw) == term


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "Give a name to watch."),
        ('""', "Give a name to watch."),
        ("x", "at least 2 characters"),
        ("?!", "not only punctuation"),
        ("a" * 101, "the limit is 100"),
    ],
)
def test_parse_term_refuses(raw: str, problem: str) -> None:
    with pytest.raises(ArgError, match=problem):
        parse_term(raw)


@pytest.mark.parametrize(
    ("raw", "length"),
    [
        ("30m", timedelta(minutes=30)),
        ("8h", timedelta(hours=8)),
        ("30d", timedelta(days=30)),
        ("90 min", timedelta(minutes=90)),
        ("2D", timedelta(days=2)),
    ],
)
def test_parse_duration(raw: str, length: timedelta) -> None:
    assert parse_duration(raw) == length


@pytest.mark.parametrize("raw", ["", "8", "h", "31d", "721h", "0h", "-1h", "1.5h", "8 hours"])
def test_parse_duration_refuses(raw: str) -> None:
    with pytest.raises(ArgError):
        parse_duration(raw)


@pytest.mark.parametrize(
    ("raw", "clock"), [("8:05", "08:05"), ("23:59", "23:59"), ("00:00", "00:00"), ("7.30", "07:30")]
)
def test_parse_clock(raw: str, clock: str) -> None:
    assert parse_clock(raw) == clock


@pytest.mark.parametrize("raw", ["24:00", "12:60", "noon", "1230", "12:5"])
def test_parse_clock_refuses(raw: str) -> None:
    with pytest.raises(ArgError):
        parse_clock(raw)


def test_parse_quiet() -> None:
    assert parse_quiet("22:00-07:00") == ("22:00", "07:00")
    assert parse_quiet("22:00–7:00") == ("22:00", "07:00")
    for bad in ("22:00", "22:00-22:00", "late-early"):
        with pytest.raises(ArgError):
            parse_quiet(bad)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"])
def test_parse_zone(zone: str) -> None:
    assert parse_zone(zone) == zone


@pytest.mark.parametrize("raw", ["Mars/Olympus", "../etc/passwd", "Europe/", "/etc/localtime", ""])
def test_parse_zone_refuses(raw: str) -> None:
    with pytest.raises(ArgError):
        parse_zone(raw)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("ftp://example.org/x", "Only http"),
        ("javascript:alert(1)", "Only http"),
        ("https://", "no host"),
        ("https://exa mple.org", "spaces"),
        ("https://example.org/" + "a" * 2048, "longer than 2048"),
        ("http://[::1", "cannot be read"),
    ],
)
def test_parse_feed_url_refuses(raw: str, problem: str) -> None:
    with pytest.raises(ArgError, match=problem):
        parse_feed_url(raw)


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("cmd:ls:2", Callback("ls", 2, 0)),
        ("cmd:rm:17:1", Callback("rm", 17, 1)),
        ("cmd:ent:17:0", Callback("ent", 17, 0)),
        ("cmd:fg:1", Callback("fg", 1, 0)),
        ("cmd:rm:17:1;x", None),
        ("cmd:drop:1", None),
        ("cmd:rm:-1:0", None),
        ("cmd:rm:" + "9" * 13 + ":0", None),
        ("unwatch:5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_callback(data: str | None, parsed: Callback | None) -> None:
    assert parse_callback(data) == parsed


def test_list_keyboard_data_round_trips_and_stays_small() -> None:
    keyboard = list_keyboard([(999_999_999_999, "x" * 100)], page=3, pages=9)
    assert keyboard is not None
    data = [str(button.callback_data) for row in keyboard.inline_keyboard for button in row]
    assert all(len(d.encode()) <= 64 for d in data)
    # Remove the term (from page 3), then previous and next page: each comes back as sent.
    assert [parse_callback(d) for d in data] == [
        Callback("rm", 999_999_999_999, 3),
        Callback("ls", 2, 0),
        Callback("ls", 4, 0),
    ]


def test_texts_escape_and_label_refs() -> None:
    assert esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert ref_label("un:IRi.039") == "UN IRi.039"
    assert ref_label("ofac:10481") == "OFAC SDN 10481"
    assert ref_label("uk:15599") == "UK OFSI 15599"
