"""Settings commands, group admin checks, forum topics and channels, via PTB and the emulator."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from bot_commands_support import CommandEnv, command_env
from sqlmodel import Session

from storage.models import Chat
from storage.types import utcnow


def _chat(env: CommandEnv, chat_id: int) -> Chat:
    with Session(env.services.engine) as session:
        chat = session.get(Chat, chat_id)
        assert chat is not None
        return chat


async def test_sanctions_modes(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        on = await env.say("/sanctions on")
        assert "Sanctions alerts are on" in (on.text or "")
        assert _chat(env, env.user.id).sanctions_mode == "on"
        digest = await env.say("/sanctions DIGEST")
        assert "daily digest" in (digest.text or "")
        assert _chat(env, env.user.id).sanctions_mode == "digest"
        bad = await env.say("/sanctions maybe")
        assert (bad.text or "").startswith("Choose one of: off, on, digest.")
        assert "Example: /sanctions digest" in (bad.text or "")
        assert _chat(env, env.user.id).sanctions_mode == "digest"
        await env.say("/sanctions off")
        assert _chat(env, env.user.id).sanctions_mode == "off"


async def test_mode_and_digest_times(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        mode = await env.say("/mode digest")
        assert "daily digest at 08:00 UTC" in (mode.text or "")
        chat = _chat(env, env.user.id)
        assert (chat.alert_mode, chat.digest_time) == ("digest", "08:00")

        moved = await env.say("/digest 7:30 Europe/Paris")
        assert (moved.text or "").startswith("Daily digest at 07:30 (Europe/Paris).")
        chat = _chat(env, env.user.id)
        assert (chat.digest_time, chat.timezone, chat.alert_mode) == (
            "07:30",
            "Europe/Paris",
            "digest",
        )

        for bad, problem in (
            ("/digest 25:00", "'25:00' is not a time"),
            ("/digest 08:00 Mars/Olympus", "Unknown time zone 'Mars/Olympus'"),
            ("/digest 08:00 ../../etc/passwd", "'../../etc/passwd' is not a time zone"),
            ("/digest", "Give a time such as 08:00, or off, or now."),
            ("/mode sometimes", "Choose one of: instant, digest, both."),
        ):
            reply = await env.say(bad)
            assert (reply.text or "").startswith(problem), reply.text
        assert _chat(env, env.user.id).digest_time == "07:30"

        off = await env.say("/digest off")
        assert off.text == "Daily digest off. Matches now arrive at once (mode instant)."
        chat = _chat(env, env.user.id)
        assert (chat.digest_time, chat.alert_mode) == (None, "instant")

        # A digest time on an instant chat turns on both, and says so.
        both = await env.say("/digest 18:00")
        assert "Alerts still arrive at once too" in (both.text or "")
        assert _chat(env, env.user.id).alert_mode == "both"


async def test_mute_unmute_and_quiet_hours(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        before = utcnow()
        muted = await env.say("/mute 8h")
        assert (muted.text or "").startswith("Muted until ")
        until = _chat(env, env.user.id).muted_until
        assert until is not None
        assert before + timedelta(hours=8) <= until <= utcnow() + timedelta(hours=8)
        for bad, problem in (
            ("/mute 31d", "At most 30d."),
            ("/mute soon", "Give a duration such as 30m, 8h or 2d."),
            ("/mute 0m", "The duration must be more than zero."),
        ):
            reply = await env.say(bad)
            assert (reply.text or "").startswith(problem), reply.text
        unmuted = await env.say("/unmute")
        assert unmuted.text == "Alerts resumed."
        assert _chat(env, env.user.id).muted_until is None

        quiet = await env.say("/quiet 22:00-07:00")
        assert (quiet.text or "").startswith("Quiet hours 22:00–07:00 (UTC)")
        chat = _chat(env, env.user.id)
        assert (chat.quiet_start, chat.quiet_end) == ("22:00", "07:00")
        same = await env.say("/quiet 07:00-07:00")
        assert (same.text or "").startswith("Quiet hours must start and end at different times.")
        await env.say("/quiet off")
        chat = _chat(env, env.user.id)
        assert (chat.quiet_start, chat.quiet_end) == (None, None)


async def test_group_settings_are_for_admins_reading_for_all(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        admin = env.emu.add_user("Ada", "ada")
        member = env.emu.add_user("Max", "max")
        group = env.emu.add_group("Newsroom", supergroup=True, admins=(admin,), members=(member,))

        refused = await env.say("/watch Soleimani", user=member, chat=group)
        assert refused.text == "Only the group's admins can use /watch here."
        refused = await env.say("/sanctions on", user=member, chat=group)
        assert refused.text == "Only the group's admins can use /sanctions here."

        allowed = await env.say("/watch Soleimani", user=admin, chat=group)
        assert (allowed.text or "").startswith("Watching Soleimani")
        assert _chat(env, group.id).type == "supergroup"

        listing = await env.say("/list", user=member, chat=group)
        assert "1. Soleimani" in (listing.text or "")
        # A member may read the list but not press its remove buttons.
        query = await env.press(listing, 0, user=member)
        assert query.answer_text == "Only the group's admins can change the watch list."
        assert query.show_alert
        help_reply = await env.say("/help", user=member, chat=group)
        assert "Commands" in (help_reply.text or "")

        # Promoted later: recognised once the cached admin list is older than its recheck age.
        with env.emu.state.lock:
            group.members[member.id] = "administrator"
        from bot.permissions import ADMIN_CACHE_KEY

        env.app.bot_data[ADMIN_CACHE_KEY].forget(group.id)  # skip the 10 s recheck wait
        now_allowed = await env.say("/mode digest", user=member, chat=group)
        assert "Matches now wait for the daily digest" in (now_allowed.text or "")


async def test_anonymous_admin_may_change_settings(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        group = env.emu.add_group("Desk", supergroup=True, admins=(env.user,))
        reply = await env.anonymous_admin_says(group, "/sanctions on")
        assert "Sanctions alerts are on" in (reply.text or "")
        assert _chat(env, group.id).sanctions_mode == "on"


async def test_forum_topic_replies_stay_in_the_topic(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        forum = env.emu.add_group("Forum", forum=True, admins=(env.user,))
        topic = env.emu.add_topic(forum, "Alerts")
        reply = await env.say("/watch Soleimani", chat=forum, thread_id=topic)
        assert reply.thread_id == topic
        listing = await env.say("/list", chat=forum, thread_id=topic)
        assert listing.thread_id == topic
        bad = await env.say("/mute forever", chat=forum, thread_id=topic)
        assert bad.thread_id == topic


async def test_channel_post_is_the_channel_admin(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        channel = env.emu.add_channel("Wire", "wire")
        reply = await env.channel_posts(channel, "/watch Soleimani")
        assert (reply.text or "").startswith("Watching Soleimani")


@pytest.mark.postgres
async def test_settings_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    async with command_env(tmp_path, database_url=postgres_url) as env:
        await env.say("/watch Soleimani")
        await env.say("/digest 06:15 Asia/Tehran")
        chat = _chat(env, env.user.id)
        assert (chat.digest_time, chat.timezone, chat.alert_mode) == (
            "06:15",
            "Asia/Tehran",
            "both",
        )
        listing = await env.say("/list")
        assert "1. Soleimani" in (listing.text or "")


async def test_digest_now_and_digest_job(tmp_path: Path) -> None:
    from bot.scheduler import digest_job_name

    async with command_env(tmp_path) as env:
        await env.say("/watch Ghazal Karimova")
        await env.say("/mode digest")
        jobs = env.app.job_queue.get_jobs_by_name(digest_job_name(env.user.id))
        assert len(jobs) == 1
        await env.ingest(
            "Uzbek officials said Ghazal Karimova met the visiting delegation on Monday.",
            title="Delegation visit",
            url="https://news.example.org/a/digest",
        )
        digest = await env.say("/digest now")
        assert "Ghazal Karimova" in (digest.text or "")
        assert "Delegation visit" in (digest.text or "")
        nothing = await env.say("/digest now")
        assert nothing.text == "Nothing new for a digest yet."
        await env.say("/digest off")  # the handler removes the job before it replies
        assert env.app.job_queue.get_jobs_by_name(digest_job_name(env.user.id)) == ()


async def test_unknown_commands_in_groups_only_when_addressed_to_us(tmp_path: Path) -> None:
    async with command_env(tmp_path) as env:
        group = env.emu.add_group("Mixed", supergroup=True, admins=(env.user,))
        env.emu.send_text(env.user, group, "/otherbotcommand")
        env.emu.send_text(env.user, group, "/frob@another_bot")
        reply = await env.say("/frob@watchbot_sandbox_bot", chat=group)
        assert reply.text == "I don't know /frob. Send /help for the list of commands."
        await env.emu.wait_until_polling()
        assert len(env.emu.sent_messages(group)) == 1
