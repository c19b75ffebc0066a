"""The Bot API emulator, exercised through the real python-telegram-bot client only."""

from __future__ import annotations

import asyncio

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
)
from telegram_harness import (
    build_application,
    emulator,  # noqa: F401  (fixture)
    emulator_bot,
    running_application,
)

from bot.emulator import TelegramEmulator

PNG_640x480 = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big") + b"\x08\x06\0\0\0"


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
