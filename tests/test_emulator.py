"""The Bot API emulator, exercised through the real python-telegram-bot client only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram_harness import (
    build_application,
    emulator_bot,
    running_application,
    running_emulator,
)

from bot.emulator import ApiError, FloodModel, TelegramEmulator, parse_html

PNG_640x480 = (
    b"\x89PNG\r\n\x1a\n"
    + b"\0\0\0\rIHDR"
    + (640).to_bytes(4, "big")
    + (480).to_bytes(4, "big")
    + b"\x08\x06\0\0\0"
)


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    """A fresh emulator per test, flood limits off."""
    async with running_emulator() as emu:
        yield emu


async def test_get_me_and_send_message_are_recorded(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", "alice", started=True)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Unwatch", callback_data="unwatch:7")]])
    async with emulator_bot(emulator) as bot:
        me = await bot.get_me()
        sent = await bot.send_message(
            alice.id,
            "<b>Soleimani</b> named in <a href='https://example.org/a?x=1&amp;y=2'>Reuters</a>",
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
    assert (me.id, me.username, me.is_bot) == (123456, "watchbot_sandbox_bot", True)
    assert sent.text == "Soleimani named in Reuters"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 9),
        ("text_link", 19, 7),
    ]
    assert sent.entities[1].url == "https://example.org/a?x=1&y=2"
    [recorded] = emulator.sent_messages(alice)
    assert recorded.message_id == sent.message_id
    assert recorded.parse_mode == "HTML"
    assert recorded.source_text.startswith("<b>Soleimani</b>")
    assert recorded.buttons == [{"text": "Unwatch", "callback_data": "unwatch:7"}]
    assert recorded.thread_id is None
    assert [c.method for c in emulator.calls()] == ["getMe", "getMe", "sendMessage"]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<x>bad</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<a href='x'", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("ü<div>x</div>", 'Unsupported start tag "div" at byte offset 2'),
    ],
)
async def test_invalid_html_is_rejected_like_telegram(
    emulator: TelegramEmulator, html: str, reason: str
) -> None:
    alice = emulator.add_user("Alice", started=True)
    async with emulator_bot(emulator) as bot:
        with pytest.raises(BadRequest) as caught:
            await bot.send_message(alice.id, html, parse_mode=ParseMode.HTML)
    [call] = emulator.calls("sendMessage")
    assert (call.ok, call.error_code) == (False, 400)
    assert call.description == f"Bad Request: can't parse entities: {reason}"
    assert caught.value.message.lower() == f"can't parse entities: {reason}".lower()  # PTB recases
    assert emulator.sent_messages(alice) == []


async def test_valid_html_tags_and_entities_are_accepted(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    html = (
        "<b>b</b><strong>s</strong><i>i</i><u>u</u><s>s</s><code>c</code>"
        "<tg-spoiler>t</tg-spoiler><blockquote>q</blockquote>"
        '<pre><code class="language-python">p</code></pre>'
        "AT&T &lt;tag&gt; &#169; &quot;"
    )
    async with emulator_bot(emulator) as bot:
        sent = await bot.send_message(alice.id, html, parse_mode=ParseMode.HTML)
    assert sent.text == 'bsiusctqpAT&T <tag> © "'
    kinds = [e.type for e in sent.entities]
    assert kinds == [
        "bold",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "code",
        "spoiler",
        "blockquote",
        "pre",
    ]
    assert sent.entities[-1].language == "python"


async def test_message_length_limit_counts_text_after_parsing(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    async with emulator_bot(emulator) as bot:
        await bot.send_message(alice.id, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(alice.id, "x" * 4097)
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(alice.id, "  <b> </b> ", parse_mode=ParseMode.HTML)
    assert len(emulator.sent_messages(alice)) == 1


async def test_programmed_429_raises_retry_after_then_recovers(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    bob = emulator.add_user("Bob", started=True)
    emulator.faults.rate_limit_next(2, retry_after=17, chat_id=alice.id)
    async with emulator_bot(emulator) as bot:
        await bot.send_message(bob.id, "bob is not rate limited")
        for _ in range(2):
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(alice.id, "hello")
            assert caught.value._retry_after.total_seconds() == 17
        await bot.send_message(alice.id, "third time lucky")
    assert [m.text for m in emulator.sent_messages(alice)] == ["third time lucky"]
    calls = emulator.calls("sendMessage")
    assert [c.error_code for c in calls] == [None, 429, 429, None]
    assert [c.chat_id for c in calls] == [
        bob.id,
        alice.id,
        alice.id,
        alice.id,
    ]  # ints, not form strings


async def test_blocked_user_gives_403_until_unblocked(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    emulator.block_bot(alice)
    async with emulator_bot(emulator) as bot:
        for _ in range(2):  # persistent while blocked
            with pytest.raises(Forbidden, match="bot was blocked by the user"):
                await bot.send_message(alice.id, "alert")
        emulator.unblock_bot(alice)
        await bot.send_message(alice.id, "welcome back")
        updates = await bot.get_updates()
    statuses = [
        (u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
        for u in updates
    ]
    assert statuses == [("member", "kicked"), ("kicked", "member")]


async def test_bot_cannot_write_first_or_to_unknown_chats(emulator: TelegramEmulator) -> None:
    carol = emulator.add_user("Carol")
    async with emulator_bot(emulator) as bot:
        with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
            await bot.send_message(carol.id, "hi")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "hi")
    emulator.send_text(carol, None, "/start")
    async with emulator_bot(emulator) as bot:
        await bot.send_message(carol.id, "hi")


async def test_migrated_group_raises_chat_migrated(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice")
    group = emulator.add_group("Newsroom", creator=alice)
    new = emulator.migrate_to_supergroup(group)
    async with emulator_bot(emulator) as bot:
        with pytest.raises(ChatMigrated) as caught:
            await bot.send_message(group.id, "alert")
        assert caught.value.new_chat_id == new.id
        await bot.send_message(new.id, "alert")
        updates = await bot.get_updates()
    assert str(new.id).startswith("-100")
    assert [(u.message.chat.id, u.message.migrate_to_chat_id) for u in updates][0] == (
        group.id,
        new.id,
    )
    assert updates[1].message.migrate_from_chat_id == group.id


async def test_unknown_method_and_wrong_token(emulator: TelegramEmulator) -> None:
    async with emulator_bot(emulator) as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    [call] = emulator.calls("sendTelepathy")
    assert (call.error_code, call.description) == (404, "Not Found")
    wrong = Bot("999:WRONG", base_url=emulator.base_url)
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()  # closes the HTTP pool the failed initialize left open


async def test_get_updates_offset_and_long_poll(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice")
    emulator.send_text(alice, None, "one")
    emulator.send_text(alice, None, "two")
    async with emulator_bot(emulator) as bot:
        first = await bot.get_updates()
        again = await bot.get_updates(offset=first[0].update_id)  # confirms nothing new
        assert [u.message.text for u in first] == ["one", "two"]
        assert [u.update_id for u in again] == [u.update_id for u in first]
        done = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
        assert done == ()
        waiting = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=10))
        await emulator.wait_until_polling()
        emulator.send_text(alice, None, "three")
        late = await asyncio.wait_for(waiting, 10)
    assert [u.message.text for u in late] == ["three"]
    assert emulator.pending_updates() == 1  # not yet confirmed by a later offset


async def test_application_command_handler_receives_injected_command(
    emulator: TelegramEmulator,
) -> None:
    seen: list[tuple[str, list[str], int | None]] = []

    async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_chat is not None
        seen.append(
            (
                update.effective_chat.type,
                list(context.args or []),
                update.effective_message.message_thread_id,
            )
        )
        await update.effective_message.reply_text(f"Watching {' '.join(context.args or [])}")

    alice = emulator.add_user("Alice", "alice")
    forum = emulator.add_group("Desk", forum=True, members=(alice,))
    topic = emulator.add_topic(forum, "Alerts")
    app = build_application(emulator).build()
    app.add_handler(CommandHandler("watch", watch))
    async with running_application(app):
        emulator.send_text(alice, None, "/watch Qasem Soleimani")
        private_reply = await emulator.wait_for_message(alice)
        emulator.send_text(
            alice, forum, "chatter the bot cannot see (privacy mode)", thread_id=topic
        )
        emulator.send_text(alice, forum, "/watch@watchbot_sandbox_bot Hezbollah", thread_id=topic)
        topic_reply = await emulator.wait_for_message(forum)
    assert private_reply.text == "Watching Qasem Soleimani"
    assert (topic_reply.text, topic_reply.thread_id) == ("Watching Hezbollah", topic)
    assert seen == [("private", ["Qasem", "Soleimani"], None), ("supergroup", ["Hezbollah"], topic)]


async def test_send_photo_and_document_are_recorded_from_multipart(
    emulator: TelegramEmulator,
) -> None:
    alice = emulator.add_user("Alice", started=True)
    async with emulator_bot(emulator) as bot:
        photo = await bot.send_photo(
            alice.id,
            InputFile(PNG_640x480, filename="stats.png"),
            caption="<i>Weekly</i> stats",
            parse_mode=ParseMode.HTML,
        )
        doc = await bot.send_document(alice.id, b"name,score\nx,1\n", filename="matches.csv")
        again = await bot.send_photo(alice.id, photo.photo[-1].file_id)
        file = await bot.get_file(doc.document.file_id)
        downloaded = await file.download_as_bytearray()
    assert (photo.photo[-1].width, photo.photo[-1].height) == (640, 480)
    assert photo.caption == "Weekly stats"
    sent = emulator.sent_messages(alice)
    assert [
        (m.kind, m.file.filename, m.file.size, m.file.content_type, m.caption) for m in sent
    ] == [
        ("photo", "stats.png", len(PNG_640x480), "image/png", "Weekly stats"),
        ("document", "matches.csv", 15, "text/csv", None),
        ("photo", "stats.png", len(PNG_640x480), "image/png", None),
    ]
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    assert bytes(downloaded) == b"name,score\nx,1\n"


async def test_callback_query_round_trip(emulator: TelegramEmulator) -> None:
    async def alert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Unwatch", callback_data="unwatch:1"),
                    InlineKeyboardButton("Not relevant", callback_data="noise:1"),
                ]
            ]
        )
        await update.effective_message.reply_text("Match: Soleimani", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer(f"got {query.data}")
        await query.edit_message_text(f"Marked {query.data}")

    alice = emulator.add_user("Alice")
    app = build_application(emulator).build()
    app.add_handler(CommandHandler("demo", alert))
    app.add_handler(CallbackQueryHandler(pressed))
    async with running_application(app):
        emulator.send_text(alice, None, "/demo")
        message = await emulator.wait_for_message(alice)
        query = emulator.press_button(alice, message, "Not relevant")
        await emulator.wait_for_call("editMessageText")
    assert query.answered and query.answer_text == "got noise:1"
    [edited] = emulator.sent_messages(alice)
    assert (edited.text, edited.edit_count, edited.reply_markup) == ("Marked noise:1", 1, None)


async def test_edit_and_delete_errors_match_telegram(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    async with emulator_bot(emulator) as bot:
        sent = await bot.send_message(alice.id, "same")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("same", alice.id, sent.message_id)
        assert await bot.delete_message(alice.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(alice.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("other", alice.id, sent.message_id)
    assert emulator.sent_messages(alice)[0].deleted


async def test_my_chat_member_updates_reach_the_application(emulator: TelegramEmulator) -> None:
    changes: list[tuple[str, str]] = []

    async def member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.my_chat_member is not None
        changes.append(
            (update.my_chat_member.chat.type, update.my_chat_member.new_chat_member.status)
        )

    alice = emulator.add_user("Alice", started=True)
    group = emulator.add_group("Desk", members=(alice,), bot_member=False)
    app = build_application(emulator).build()
    app.add_handler(ChatMemberHandler(member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with running_application(app):
        emulator.add_bot(group, by=alice)
        emulator.remove_bot(group, by=alice)
        emulator.block_bot(alice)
        await emulator.wait_for_call("getUpdates", lambda c: emulator.pending_updates() == 0)
        while len(changes) < 3:
            await asyncio.sleep(0.01)
    assert changes == [("group", "member"), ("group", "left"), ("private", "kicked")]
    async with emulator_bot(emulator) as bot:
        with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
            await bot.send_message(group.id, "still here?")


async def test_console_scripted_session_renders_replies_buttons_and_alerts(
    emulator: TelegramEmulator,
) -> None:
    import io

    from bot.console import Console

    async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        name = " ".join(context.args or [])
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Unwatch", callback_data=f"unwatch:{name}"),
                    InlineKeyboardButton("Not relevant", callback_data="noise"),
                ]
            ]
        )
        await update.effective_message.reply_html(
            f"Now watching <b>{name}</b>. See <a href='https://example.org/help'>help</a>.",
            reply_markup=keyboard,
        )
        # an "alert" arriving later, while the console waits for input
        await context.bot.send_photo(
            update.effective_message.chat_id,
            InputFile(PNG_640x480, filename="stats.png"),
            caption="Weekly stats",
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Removed")
        await query.edit_message_text(f"Stopped watching ({query.data})")

    app = build_application(emulator).build()
    app.add_handler(CommandHandler("watch", watch))
    app.add_handler(CallbackQueryHandler(pressed))
    script = io.StringIO(
        "/as alice\n/watch Soleimani\n/wait\n/wait\n/press 1\n/wait\n"
        "/chat Newsroom\n/press 1\n/who\n/frobnicate\n/quit\nnever read\n"
    )
    out = io.StringIO()
    async with running_application(app):
        await Console(emulator, script, out, color=False).run()
    text = out.getvalue()
    assert "alice@private> /watch Soleimani" in text
    assert "Now watching Soleimani. See help (https://example.org/help)." in text
    assert "[1] Unwatch  [2] Not relevant" in text
    assert f"[photo: stats.png, {len(PNG_640x480)} B]" in text
    assert "Weekly stats" in text
    assert "(toast from bot in Alice (private): Removed)" in text
    assert (
        "bot edited in Alice (private)" in text and "Stopped watching (unwatch:Soleimani)" in text
    )
    assert "created Newsroom (group) with you and the bot" in text
    assert "! no bot message with buttons in this chat" in text
    assert "you are Alice in Newsroom (group)" in text
    assert "never read" not in text
    # /frobnicate is not a console command, so it went to the bot as a message in the group
    group = next(c for c in emulator.state.chats.values() if c.title == "Newsroom")
    assert [m.text for m in group.messages.values()] == ["/frobnicate"]


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("plain", "plain", []),
        ("  <b>padded</b>  ", "padded", [("bold", 0, 6)]),
        ("😀<i>x</i>", "😀x", [("italic", 2, 1)]),  # offsets count UTF-16 units
        ("<b>a<i>b</i></b>", "ab", [("bold", 0, 2), ("italic", 1, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<span class='tg-spoiler'>s</span>", "s", [("spoiler", 0, 1)]),
        ("<b></b>x", "x", []),  # empty entities are dropped
        ("&#x41;&#66;&nbsp;", "AB&nbsp;", []),  # unknown named entity kept literally
        ("<A HREF=https://e.org>e</A>", "e", [("text_link", 0, 1)]),
    ],
)
def test_parse_html_table(html: str, text: str, entities: list[tuple[str, int, int]]) -> None:
    parsed_text, parsed = parse_html(html)
    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


def test_flood_model_buckets_with_explicit_clock() -> None:
    flood = FloodModel(enabled=True)
    for i in range(35):  # burst: 30 per second + 5 slack
        flood.admit("sendMessage", 1000 + i, now=100.0)
    with pytest.raises(ApiError) as caught:
        flood.admit("sendMessage", 2000, now=100.0)
    assert (caught.value.error_code, caught.value.parameters) == (429, {"retry_after": 1})
    flood.admit("sendMessage", 2000, now=100.04)  # 0.04 s refills 1.2 tokens
    flood.admit("getMe", None, now=100.04)  # only sends count
    group = FloodModel(enabled=True)
    for i in range(22):  # 20 per minute + 2 slack, over about one second
        group.admit("sendPhoto", -100123, now=i * 0.05)
    with pytest.raises(ApiError) as caught:
        group.admit("sendMessage", -100123, now=1.2)
    # one token per 3 s; 1.2 s refilled 0.4 of the one that went at t=0.05, so 1.8 s to go
    assert caught.value.parameters == {"retry_after": 2}
    group.admit("sendMessage", -100999, now=1.2)  # another group is unaffected
    assert group.rejected == 1
    assert not FloodModel().enabled  # off unless asked for


async def test_flood_limits_through_ptb(emulator: TelegramEmulator) -> None:
    emulator.flood.enabled = True
    # The same 22-token group bucket, refilled one token per 180 s instead of per 3 s, so a
    # slow machine cannot refill a token during the sends below.
    emulator.flood.group_period = 3600.0
    alice = emulator.add_user("Alice", started=True)
    group = emulator.add_group("Desk", members=(alice,))
    async with emulator_bot(emulator) as bot:
        for n in range(22):
            await bot.send_message(group.id, f"alert {n}")
        # The 23rd is refused: the group's burst (20 + 2 slack) is spent.
        with pytest.raises(RetryAfter):
            await bot.send_message(group.id, "one too many")
        await bot.send_message(alice.id, "private chats have no per-minute limit")
    assert emulator.flood.rejected == 1


def test_emulator_in_a_background_thread() -> None:
    emu = TelegramEmulator().start_in_thread()
    try:
        alice = emu.add_user("Alice")

        async def talk() -> str:
            async with emulator_bot(emu) as bot:
                emu.send_text(alice, None, "/start")
                [update] = await bot.get_updates(timeout=5)
                assert update.message is not None
                await bot.send_message(alice.id, f"hello {update.message.from_user.first_name}")
                return (await emu.wait_for_message(alice)).text or ""

        assert asyncio.run(talk()) == "hello Alice"
    finally:
        emu.stop_thread()


async def test_anonymous_admin_and_channel_post_updates(emulator: TelegramEmulator) -> None:
    group = emulator.add_group("Desk", supergroup=True)
    channel = emulator.add_channel("Wire", "wire_channel")
    quiet = emulator.add_channel("Muted", bot_admin=False)
    emulator.anonymous_admin_says(group, "/watch Soleimani")
    emulator.channel_post(channel, "/watch Hezbollah")
    emulator.channel_post(quiet, "not delivered: the bot is no admin there")
    async with emulator_bot(emulator) as bot:
        admin_update, post_update = await bot.get_updates()
        await bot.send_message("@wire_channel", "posted by username")
    assert admin_update.message is not None and admin_update.message.from_user is not None
    assert admin_update.message.from_user.username == "GroupAnonymousBot"
    assert admin_update.message.sender_chat.id == group.id
    assert admin_update.message.entities[0].type == "bot_command"
    post = post_update.channel_post
    assert post is not None and post.from_user is None and post.sender_chat.id == channel.id
    assert [m.text for m in emulator.sent_messages(channel)] == ["posted by username"]


async def test_programmed_errors_webhook_conflict_and_commands(emulator: TelegramEmulator) -> None:
    alice = emulator.add_user("Alice", started=True)
    async with emulator_bot(emulator) as bot:
        emulator.faults.fail_next(ApiError(502, "Bad Gateway"), method=None)  # whatever is next
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_chat_action(alice.id, "typing")
        await bot.send_chat_action(alice.id, "typing")
        emulator.faults.fail_next(ApiError(502, "Bad Gateway"), method="getUpdates")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.get_updates()
        await bot.set_webhook("https://example.org/hook")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        assert (await bot.get_webhook_info()).url == "https://example.org/hook"
        await bot.delete_webhook()
        assert await bot.get_updates() == ()
        await bot.set_my_commands([BotCommand("watch", "Watch a name")])
        assert [c.command for c in await bot.get_my_commands()] == ["watch"]
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Watch-Now", "bad name")])


async def test_replies_quote_and_pass_privacy_mode(emulator: TelegramEmulator) -> None:
    heard: list[str] = []

    async def any_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        heard.append(update.effective_message.text)
        await update.effective_message.reply_text(f"heard {update.effective_message.text}")

    alice = emulator.add_user("Alice")
    group = emulator.add_group("Desk", members=(alice,))
    app = build_application(emulator).build()
    app.add_handler(MessageHandler(filters.TEXT, any_text))
    async with running_application(app):
        emulator.send_text(alice, group, "/ping")
        first = await emulator.wait_for_message(group)
        emulator.send_text(alice, group, "ignored chatter")  # privacy mode: not delivered
        emulator.send_text(alice, group, "a reply to the bot", reply_to=first)
        second = await emulator.wait_for_message(group)
    assert heard == ["/ping", "a reply to the bot"]
    user_messages = {m.text: m.message_id for m in group.messages.values() if not m.from_bot}
    # PTB's reply_text quotes in groups; the emulator records which message was quoted
    assert first.reply_to == user_messages["/ping"]
    assert second.reply_to == user_messages["a reply to the bot"]
    async with emulator_bot(emulator) as bot:
        with pytest.raises(BadRequest, match="Message to be replied not found"):
            await bot.send_message(group.id, "x", reply_parameters=ReplyParameters(9999))
        sent = await bot.send_message(
            group.id,
            "y",
            reply_parameters=ReplyParameters(9999, allow_sending_without_reply=True),
        )
    assert sent.reply_to_message is None
