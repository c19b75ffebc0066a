"""/start, /help and the reply to commands the bot does not know."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.chat_ref import ChatRef, subscribe
from bot.commands import spec_for
from bot.context import WatchbotContext
from bot.handlers.common import argument, command, in_db, reply

__all__ = ["help_command", "start", "unknown"]


@command("start")
async def start(update: Update, context: WatchbotContext) -> None:
    """Subscribe the chat and say what the bot does."""
    chat = await in_db(context, subscribe, ChatRef.of(update))
    await reply(update, texts.welcome(chat.sanctions_mode))


@command("help")
async def help_command(update: Update, context: WatchbotContext) -> None:
    """List the commands, or explain the one named."""
    name = argument(update)
    if not name:
        await reply(update, texts.help_text())
        return
    spec = spec_for(name.split()[0])
    if spec is None:
        await reply(update, texts.unknown_command(name.split()[0].lstrip("/")))
        return
    await reply(update, texts.help_one(spec))


async def unknown(update: Update, context: WatchbotContext) -> None:
    """Any other /command: say so and point to /help."""
    message = update.effective_message
    if message is None or not message.text:
        return
    word = message.text.split()[0].lstrip("/")
    name, _, target = word.partition("@")
    # In groups every bot sees every command: answer only those addressed to us by name.
    ours = (context.bot.username or "").lower()
    private = update.effective_chat is not None and update.effective_chat.type == "private"
    if (target and target.lower() != ours) or (not target and not private):
        return
    await reply(update, texts.unknown_command(name[:64]))
