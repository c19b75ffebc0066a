"""The Telegram command handlers: `register_handlers(application)` adds them all."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import texts
from bot.context import WatchbotContext
from bot.handlers import feeds, forget, lookback, modes, start, watch
from bot.handlers.common import COMMAND_UPDATES, Handler
from bot.handlers.errors import on_error
from bot.keyboards import CALLBACK_PATTERN, parse_callback

__all__ = ["HANDLERS", "register_handlers"]

# Command name -> handler; every name here is in bot.commands.SPECS (a test checks both ways).
HANDLERS: dict[str, Handler] = {
    "start": start.start,
    "help": start.help_command,
    "watch": watch.watch,
    "unwatch": watch.unwatch,
    "list": watch.list_command,
    "sanctions": modes.sanctions,
    "mode": modes.mode,
    "digest": modes.digest,
    "mute": modes.mute,
    "unmute": modes.unmute,
    "quiet": modes.quiet,
    "feeds": feeds.feeds,
    "addfeed": feeds.add_feed,
    "removefeed": feeds.remove_feed,
    "recent": lookback.recent,
    "check": lookback.check,
    "stats": lookback.stats,
    "export": lookback.export,
    "forget": forget.forget,
}


async def on_button(update: Update, context: WatchbotContext) -> None:
    """Route a `cmd:` button press to its command family; refuse data we never made."""
    query = update.callback_query
    if query is None:
        return
    press = parse_callback(query.data)
    if press is None or update.effective_chat is None:
        await query.answer(texts.BUTTON_GONE)
        return
    if press.verb == "fg":
        await forget.on_forget_button(update, context, press)
    else:
        await watch.on_list_button(update, context, press)


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every command, the `cmd:` buttons, the unknown-command reply and the error handler.

    All go in group 0, where the first matching handler wins: the catch-all for unknown
    commands comes after the commands, so it answers only the ones they did not take.
    """
    for name, handler in HANDLERS.items():
        application.add_handler(CommandHandler(name, handler, filters=COMMAND_UPDATES))
    application.add_handler(CallbackQueryHandler(on_button, pattern=CALLBACK_PATTERN))
    application.add_handler(MessageHandler(filters.COMMAND & COMMAND_UPDATES, start.unknown))
    application.add_error_handler(on_error)
