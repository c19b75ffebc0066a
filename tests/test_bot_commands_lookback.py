"""/recent, /check, /stats, /export, feeds and /forget through PTB and the emulator."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from bot_commands_support import CommandEnv, command_env
from sqlmodel import Session, col, select

from bot.charts import PNG_SIGNATURE
from bot.lookback import safe_cell
from storage.models import Chat, Source, WatchTerm
from storage.types import utcnow

STORY = (
    "Uzbek officials said Ghazal Karimova met the visiting delegation in Tashkent on Monday "
    "and discussed <b>trade</b> & energy."
)


async def _watch_and_ingest(env: CommandEnv, documents: int = 2) -> None:
    await env.say("/watch Ghazal Karimova")
    for number in range(documents):
        await env.ingest(
            f"{STORY} Report number {number}.",
            title=f"Delegation <visit> {number}",
            url=f"https://news.example.org/a/{number}",
            published=utcnow() - timedelta(days=number),
        )


async def _forget_confirmed(env: CommandEnv) -> None:
    """/forget, the confirmation button pressed, and the bot's word that it is done."""
    ask = await env.say("/forget")
    await env.press(ask, "Yes, delete everything")
    await env.emu.wait_for_call(
        "editMessageText", lambda c: "Everything about this chat" in str(c.params.get("text"))
    )


async def test_recent_shows_title_link_and_snippet(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await _watch_and_ingest(env)
        recent = await env.say("/recent")
        text = recent.text or ""
        assert text.startswith("Latest matches")
        assert "Delegation <visit> 1" in text and "Delegation <visit> 0" in text
        assert "Ghazal Karimova met the visiting delegation" in text
        links = [e["url"] for e in recent.entities if e["type"] == "text_link"]
        assert "https://news.example.org/a/0" in links
        one = await env.say("/recent ghazal karimova")
        assert (one.text or "").startswith("Latest matches for ghazal karimova")
        other = await env.say("/recent Someone Else")
        assert (other.text or "").startswith("This chat does not watch Someone Else")


async def test_recent_without_matches(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/recent")
        assert reply.text == "No matches yet. New documents are checked as they arrive."


async def test_check_screens_a_name(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/check Qasem Soleimani")
        text = reply.text or ""
        assert text.startswith("Screening Qasem Soleimani:")
        assert "1. SOLEIMANI, Qasem – 99%" in text
        assert "OFAC SDN 10481, UN IRi.039" in text
        nobody = await env.say("/check Zzyzx Qwertyuiop")
        assert nobody.text == "Zzyzx Qwertyuiop: no close match on the installed sanctions lists."
        empty = await env.say("/check")
        assert (empty.text or "").startswith("Give a name to screen.")
        long = await env.say("/check " + "x" * 101)
        assert (long.text or "").startswith("That name is longer than 100 characters.")


async def test_stats_sends_a_png_chart(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await _watch_and_ingest(env, documents=3)
        photo = await env.say("/stats", timeout=20)
        assert photo.kind == "photo"
        assert photo.file is not None and photo.file.data.startswith(PNG_SIGNATURE)
        assert photo.caption == "your watched names: 3 documents in the last 30 days."
        one = await env.say("/stats Ghazal Karimova", timeout=20)
        assert one.caption == "Ghazal Karimova: 3 documents in the last 30 days."
        refused = await env.say("/stats Nobody Watched")
        assert (refused.text or "").startswith("This chat does not watch Nobody Watched")


async def test_export_is_a_formula_safe_csv(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await env.say("/watch Ghazal Karimova")
        await env.ingest(
            '=HYPERLINK("http://evil") Ghazal Karimova said so.',
            title="=cmd|' /C calc'!A0",
            url="https://news.example.org/evil",
        )
        await _watch_and_ingest(env, documents=1)
        document = await env.say("/export")
        assert document.kind == "document" and document.file is not None
        assert document.file.filename is not None and document.file.filename.endswith(".csv")
        assert document.caption == "2 matches."
        rows = list(csv.reader(io.StringIO(document.file.data.decode("utf-8-sig"))))
        assert rows[0][:4] == ["found_at", "watched", "kind", "matched"]
        assert len(rows) == 3
        evil = next(r for r in rows[1:] if r[9] == "https://news.example.org/evil")
        assert evil[1] == "Ghazal Karimova" and evil[3] == "Ghazal Karimova"
        assert evil[8] == "'=cmd|' /C calc'!A0"
        assert evil[11].startswith("'=")  # the context opens with the stored title
        # No cell anywhere starts a formula.
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("plain", "plain"),
        (None, ""),
    ],
)
def test_safe_cell(value: str | None, expected: str) -> None:
    assert safe_cell(value) == expected


async def test_forget_needs_confirmation(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await env.say("/watch Ghazal Karimova")
        ask = await env.say("/forget")
        assert "deletes everything stored about this chat" in (ask.text or "")
        await env.press(ask, "Cancel")
        await env.emu.wait_for_call("editMessageText")
        assert ask.text == "Nothing was deleted."
        with Session(env.services.engine) as session:
            assert session.get(Chat, env.user.id) is not None

        await _forget_confirmed(env)
        with Session(env.services.engine) as session:
            assert session.get(Chat, env.user.id) is None
            assert session.scalars(select(WatchTerm)).all() == []
        assert "ghazal karimova" not in env.services.matcher.terms()


async def test_feeds_policy_admins(tmp_path: Path) -> None:
    async with command_env(tmp_path, admin_users=("Operator",)) as env:
        operator = env.emu.user("Operator")
        refused = await env.say("/addfeed https://example.org/rss.xml")
        assert refused.text == "On this service, feeds are added by its administrators."
        listing = await env.say("/feeds")
        assert listing.text == "No feeds are read yet."

        added = await env.say("/addfeed https://example.org/rss.xml", user=operator)
        assert (added.text or "").startswith("Added feed 1")
        with Session(env.services.engine) as session:
            source = session.get(Source, 1)
            assert source is not None and source.owner_chat_id is None  # a global feed
            source.last_error = "timed out"
            session.add(source)
            session.commit()
        # Everyone sees global feeds; only admin chats see their errors.
        seen = await env.say("/feeds")
        assert "1. https://example.org/rss.xml" in (seen.text or "")
        assert "timed out" not in (seen.text or "")
        operator_view = await env.say("/feeds", user=operator)
        assert "last error: timed out" in (operator_view.text or "")
        assert "/addfeed https://example.org/rss.xml" in (operator_view.text or "")
        cannot = await env.say("/removefeed 1")
        assert cannot.text == "No feed 1 that this chat added. See /feeds."
        removed = await env.say("/removefeed 1", user=operator)
        assert removed.text == "Removed feed https://example.org/rss.xml."


async def test_feeds_policy_anyone_with_errors_for_owner(tmp_path: Path) -> None:
    async with command_env(tmp_path, feeds_policy="anyone") as env:
        for bad, problem in (
            ("/addfeed ftp://example.org/feed", "Only http:// and https:// feeds can be read."),
            ("/addfeed https://127.0.0.1/feed", "That feed is on a loopback address 127.0.0.1"),
            ("/addfeed http://localhost:8080/x", "That feed is on a loopback host name"),
            ("/addfeed https://" + "a" * 2050 + ".org", "That URL is longer than 2048"),
            ("/addfeed", "Give the feed's URL."),
        ):
            reply = await env.say(bad)
            assert (reply.text or "").startswith(problem), reply.text
        added = await env.say("/addfeed https://example.org/rss.xml")
        assert (added.text or "").startswith("Added feed 1: https://example.org/rss.xml")
        again = await env.say("/addfeed https://example.org/rss.xml")
        assert (again.text or "").startswith("That feed is already read (feed 1)")
        with Session(env.services.engine) as session:
            source = session.get(Source, 1)
            assert source is not None and source.owner_chat_id == env.user.id
            source.last_error = "HTTP 404 <Not Found>"
            session.add(source)
            session.commit()

        mine = await env.say("/feeds")
        assert "1. https://example.org/rss.xml (yours)" in (mine.text or "")
        assert "last error: HTTP 404 <Not Found>" in (mine.text or "")

        bob = env.emu.add_user("Bob", "bob")
        theirs = await env.say("/feeds", user=bob)
        # Another chat's own feed is not listed for Bob.
        assert (theirs.text or "").startswith("No feeds are read yet.")
        stolen = await env.say("/removefeed 1", user=bob)
        assert stolen.text == "No feed 1 that this chat added. See /feeds."

        empty = await env.say("/removefeed")
        assert (empty.text or "").startswith("Give the feed's id (see /feeds) or its URL.")
        removed = await env.say("/removefeed https://example.org/rss.xml")
        assert removed.text == "Removed feed https://example.org/rss.xml."
        with Session(env.services.engine) as session:
            assert session.scalars(select(col(Source.id))).all() == []


@pytest.mark.postgres
async def test_recent_export_and_forget_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    async with command_env(tmp_path, database_url=postgres_url) as env:
        await _watch_and_ingest(env, documents=2)
        recent = await env.say("/recent")
        assert "Delegation <visit> 0" in (recent.text or "")
        document = await env.say("/export")
        assert document.caption == "2 matches."
        await _forget_confirmed(env)
        with Session(env.services.engine) as session:
            assert session.get(Chat, env.user.id) is None
