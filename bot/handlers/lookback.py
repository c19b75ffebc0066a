"""/recent, /check, /stats and /export: looking back at what was found."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot import texts
from bot.chat_ref import ChatRef
from bot.command_args import MAX_TERM, ArgError
from bot.context import WatchbotContext
from bot.handlers.common import argument, command, reply
from bot.lookback import (
    RECENT_LIMIT,
    export_csv,
    export_filename,
    recent_for_chat,
    screen_name,
    stats_chart,
)

__all__ = ["check", "export", "recent", "stats"]


@command("recent")
async def recent(update: Update, context: WatchbotContext) -> None:
    """The latest matches for this chat, or for one of its names."""
    name = argument(update) or None
    lines = await asyncio.to_thread(recent_for_chat, context.services, ChatRef.of(update).id, name)
    await reply(update, texts.recent_matches(lines, name, RECENT_LIMIT))


@command("check")
async def check(update: Update, context: WatchbotContext) -> None:
    """Screen a name against the sanctions lists and show the best candidates."""
    name = " ".join(argument(update).split())
    if len(name) < 2:
        raise ArgError("Give a name to screen.")
    if len(name) > MAX_TERM:
        raise ArgError(f"That name is longer than {MAX_TERM} characters.")
    candidates = await asyncio.to_thread(screen_name, context.services, name)
    await reply(update, texts.check_result(name, candidates))


@command("stats")
async def stats(update: Update, context: WatchbotContext) -> None:
    """Mentions per day over 30 days, as a chart."""
    name = argument(update) or None
    message = update.effective_message
    assert message is not None
    chart = await asyncio.to_thread(stats_chart, context.services, ChatRef.of(update).id, name)
    await message.reply_photo(
        InputFile(chart.png, filename="mentions.png"),
        caption=texts.stats_caption(chart.label, chart.total, chart.days),
        parse_mode="HTML",
        do_quote=False,
    )


@command("export")
async def export(update: Update, context: WatchbotContext) -> None:
    """Send this chat's matches as a CSV file."""
    message = update.effective_message
    assert message is not None
    chat_id = ChatRef.of(update).id
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    data, rows = await asyncio.to_thread(export_csv, context.services, chat_id)
    name = export_filename(chat_id, context.services.clock().date())
    await message.reply_document(
        InputFile(data, filename=name),
        caption=texts.export_caption(rows),
        parse_mode="HTML",
        do_quote=False,
    )
