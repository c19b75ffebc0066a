"""Command flows through the real Application and the emulator: start, help, watch, list."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from bot_commands_support import command_env
from sqlmodel import Session, col, select

from bot.app import publish_commands
from bot.commands import COMMANDS, SPECS
from bot.handlers import HANDLERS
from storage.models import AlertOutbox, Chat, WatchTerm


def _terms(env_services: object, chat_id: int) -> list[str]:
    engine = env_services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        rows = session.scalars(
            select(WatchTerm).where(col(WatchTerm.chat_id) == chat_id).order_by(col(WatchTerm.id))
        )
        return [row.text for row in rows]


def test_every_command_has_a_handler_and_help() -> None:
    assert set(HANDLERS) == {spec.name for spec in SPECS}
    assert [c.command for c in COMMANDS] == [s.name for s in SPECS]
    assert all(0 < len(c.description) <= 256 for c in COMMANDS)


async def test_start_subscribes_and_mentions_sanctions_off(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/start")
        assert reply.parse_mode == "HTML"
        assert "/watch Soleimani" in (reply.text or "")
        assert "sanctioned entity are off" in (reply.text or "")
        assert "/sanctions on" in (reply.text or "")
        with Session(env.services.engine) as session:
            chat = session.get(Chat, env.user.id)
            assert chat is not None and chat.active and chat.sanctions_mode == "off"


async def test_set_my_commands_is_accepted(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await publish_commands(env.app)
        call = await env.emu.wait_for_call("setMyCommands")
        assert call.ok
        assert "watch" in str(call.params["commands"])


async def test_help_lists_commands_and_explains_one(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        everything = await env.say("/help")
        for spec in SPECS:
            assert f"/{spec.name}" in (everything.text or "")
        one = await env.say("/help digest")
        assert "/digest 08:00 Europe/Paris" in (one.text or "")
        unknown = await env.say("/help nosuch")
        assert "I don't know /nosuch" in (unknown.text or "")


async def test_unknown_command_points_to_help(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/frobnicate now")
        assert reply.text == "I don't know /frobnicate. Send /help for the list of commands."


async def test_watch_names_sanctions_cluster_and_offers_entity(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/watch Soleimani")
        text = reply.text or ""
        assert text.startswith("Watching Soleimani (1 of 200 names).")
        # The UN and OFAC records of Qasem Soleimani are one linked cluster: listed together.
        assert (
            "Soleimani is on sanctions lists: SOLEIMANI, Qasem (OFAC SDN 10481, UN IRi.039)" in text
        )
        assert "No document of the last 7 days mentions it yet." in text
        assert _terms(env.services, env.user.id) == ["Soleimani"]
        assert "soleimani" in env.services.matcher.terms()
        labels = [b["text"] for b in reply.buttons]
        assert labels[0].startswith("Watch SOLEIMANI, Qasem")
        press = await env.press(reply, 0)
        assert press.answer_text == "Done"
        confirm = await env.emu.wait_for_message(env.user)
        assert "under all its listed names" in (confirm.text or "")
        with Session(env.services.engine) as session:
            row = session.scalars(
                select(WatchTerm).where(col(WatchTerm.text) == "SOLEIMANI, Qasem")
            ).one()
            assert row.entity_key is not None and row.entity_key.startswith(("ofac:", "un:"))


async def test_watch_counts_recent_documents(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await env.ingest(
            "Officials said Ghazal Karimova met the delegation in Tashkent on Monday.",
            title="Delegation visit",
            url="https://news.example.org/a/1",
        )
        await env.ingest(
            "Nothing about anyone in particular happened today in the capital.",
            title="Quiet day",
            url="https://news.example.org/a/2",
        )
        reply = await env.say("/watch Ghazal Karimova")
        assert "1 document of the last 7 days already mention it: /recent Ghazal Karimova" in (
            reply.text or ""
        )
        assert reply.buttons == []  # not on any list: nothing to offer


async def test_watch_again_and_quoted_phrase(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await env.say('/watch "Quds Force"')
        again = await env.say("/watch  quds   force ")
        # Quoted and unquoted are different keys: an exact phrase versus words in any order.
        assert "Watching quds force" in (again.text or "")
        same = await env.say('/watch "QUDS force"')
        assert (same.text or "").startswith('You already watch "QUDS force".')
        assert _terms(env.services, env.user.id) == ['"Quds Force"', "quds force"]


async def test_watch_bad_arguments_get_usage_and_example(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        empty = await env.say("/watch")
        assert (empty.text or "").startswith("Give a name to watch.")
        assert "Example: /watch Soleimani" in (empty.text or "")
        punct = await env.say("/watch ?!.,")
        assert (punct.text or "").startswith("A name needs letters or digits")
        short = await env.say("/watch x")
        assert (short.text or "").startswith("A name needs at least 2 characters.")
        long = await env.say("/watch " + "a" * 101)
        assert (long.text or "").startswith("That name is 101 characters long; the limit is 100.")
        assert _terms(env.services, env.user.id) == []


async def test_watch_limit_per_chat(tmp_path: Path) -> None:
    async with command_env(tmp_path, max_terms=2) as env:
        await env.say("/watch Alpha Name")
        await env.say("/watch Beta Name")
        full = await env.say("/watch Gamma Name")
        assert (full.text or "").startswith("This chat already watches 2 names, the limit is 2.")
        # A name already watched is not refused by the limit.
        again = await env.say("/watch alpha name")
        assert (again.text or "").startswith("You already watch")
        assert _terms(env.services, env.user.id) == ["Alpha Name", "Beta Name"]


async def test_html_in_a_term_is_shown_escaped(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/watch <b>x</b> & co")
        # The emulator parsed our HTML: the user sees the tags as typed, not bold text.
        assert "Watching <b>x</b> & co" in (reply.text or "")
        assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in (reply.source_text or "")
        listing = await env.say("/list")
        assert "1. <b>x</b> & co" in (listing.text or "")


async def test_unwatch_and_release_from_matcher(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        await env.say("/watch Ghazal Karimova")
        assert "ghazal karimova" in env.services.matcher.terms()
        done = await env.say("/unwatch ghazal KARIMOVA")
        assert done.text == "Stopped watching ghazal KARIMOVA."
        assert "ghazal karimova" not in env.services.matcher.terms()
        missing = await env.say("/unwatch Nobody Here")
        assert missing.text == "This chat does not watch Nobody Here. See /list."
        empty = await env.say("/unwatch")
        assert (empty.text or "").startswith("Which name?")


async def test_list_pages_and_remove_buttons(tmp_path: Path) -> None:
    async with command_env(tmp_path, max_terms=30) as env:
        for number in range(12):
            await env.say(f"/watch Person Number{number:02d}")
        listing = await env.say("/list")
        assert "Watched names (12), page 1 of 2" in (listing.text or "")
        assert "10. Person Number09" in (listing.text or "")
        labels = [b["text"] for b in listing.buttons]
        assert labels[-1] == "Next »" and len(labels) == 11
        assert all(len(b["callback_data"].encode()) <= 64 for b in listing.buttons)

        await env.press(listing, "Next »")
        await env.emu.wait_for_call("editMessageText")
        assert "page 2 of 2" in (listing.text or "")
        assert "11. Person Number10" in (listing.text or "")

        # Remove the first name on page 2 with its button; the page is redrawn.
        query = await env.press(listing, "✕ Person Number10")
        assert query.answer_text == "Removed Person Number10"
        await env.emu.wait_for_call(
            "editMessageText", lambda c: "Person Number10" not in str(c.params.get("text"))
        )
        assert "Watched names (11), page 2 of 2" in (listing.text or "")
        assert "11. Person Number11" in (listing.text or "")
        assert "Person Number10" not in _terms(env.services, env.user.id)
        assert len(_terms(env.services, env.user.id)) == 11


async def test_forged_button_data_is_refused(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        other = env.emu.add_user("Mallory", "mallory")
        await env.say("/watch Victim Term", user=other)
        victim_term = _terms(env.services, other.id)
        assert victim_term == ["Victim Term"]
        listing = await env.say("/list")  # Alice's (empty) list
        assert listing.buttons == []
        with Session(env.services.engine) as session:
            term_id = session.scalars(select(col(WatchTerm.id))).one()
        # Alice forges a remove button for Mallory's term on one of her bot messages.
        start = await env.say("/forget")
        start.reply_markup = {
            "inline_keyboard": [
                [{"text": "x", "callback_data": f"cmd:rm:{term_id}:0"}],
                [{"text": "y", "callback_data": "cmd:rm:1:0;DROP"}],
            ]
        }
        first = await env.press(start, 0)
        assert first.answer_text == "That button is no longer valid."
        second = await env.press(start, 1)
        assert second.answer_text == "That button is no longer valid."
        assert _terms(env.services, other.id) == ["Victim Term"]


async def test_a_failing_command_says_something_went_wrong_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import text

    async with command_env(tmp_path) as env:
        await env.say("/start")
        with env.services.engine.begin() as connection:
            connection.execute(text("DROP TABLE watch_terms"))
        with caplog.at_level(logging.ERROR, logger="bot.handlers.errors"):
            reply = await env.say("/list")
        assert reply.text == "Something went wrong on our side. Please try again in a minute."
        await env.emu.wait_until_polling()
        assert len(env.emu.sent_messages(env.user)) == 2  # the welcome, then one apology
        failures = [r for r in caplog.records if r.name == "bot.handlers.errors"]
        assert len(failures) == 1 and failures[0].exc_info is not None
        assert env.emu.token not in caplog.text
        assert env.emu.token.split(":")[1] not in caplog.text


async def test_entity_watch_hears_of_an_alias(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        offer = await env.say("/watch Soleimani")
        await env.press(offer, 0)
        await env.emu.wait_for_message(env.user)
        await env.say("/unwatch Soleimani")  # only the entity watch is left
        await env.ingest(
            "Officials said Haj Qasem met the delegation in Damascus on Monday.",
            title="Damascus meeting",
            url="https://news.example.org/a/haj",
        )
        # /recent already finds the stored match (its target is the watched cluster) ...
        recent = await env.say("/recent")
        assert "Damascus meeting" in (recent.text or "")
        # ... but an alert must be owed to the chat too.
        with Session(env.services.engine) as session:
            owed = session.scalars(
                select(AlertOutbox).where(col(AlertOutbox.chat_id) == env.user.id)
            ).all()
        assert len(owed) == 1


async def test_watch_says_which_other_spellings_are_looked_for(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        reply = await env.say("/watch Nikolai Azarov")
        lines = (reply.text or "").splitlines()
        assert lines[:2] == [
            "Watching Nikolai Azarov (1 of 200 names).",
            "Also looked for as Mykola Azarov.",
        ]
        amp = await env.say("/watch Marks & Spencer")
        assert "Also looked for as Marks and Spencer." in (amp.text or "")
        legal = await env.say("/watch Kamaz PAO")
        assert "Also looked for as Kamaz PJSC." in (legal.text or "")
        plain = await env.say("/watch Soleimani")
        assert "Also looked for" not in (plain.text or "")
