"""What every command handler shares: replying in HTML in the right thread, DB calls, guards."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlmodel import Session
from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.ext import filters

from bot import texts
from bot.command_args import ArgError, command_argument
from bot.commands import spec_for
from bot.context import WatchbotContext
from bot.permissions import may_change_settings

__all__ = [
    "COMMAND_UPDATES",
    "Handler",
    "argument",
    "in_db",
    "reply",
    "command",
]

P = ParamSpec("P")
T = TypeVar("T")
Handler = Callable[[Update, WatchbotContext], Coroutine[Any, Any, None]]

# New messages and channel posts; an edited "/watch" must not run the command again.
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def in_db(
    context: WatchbotContext,
    work: Callable[Concatenate[Session, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run `work(session, ...)` in one transaction in a worker thread (the engine is sync)."""
    engine = context.services.engine

    def run() -> T:
        # expire_on_commit=False: the rows returned are read after the session closes.
        with Session(engine, expire_on_commit=False) as session, session.begin():
            return work(session, *args, **kwargs)

    return await asyncio.to_thread(run)


async def reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer the command in HTML, in the same chat and forum topic, without link previews."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        link_preview_options=_NO_PREVIEW,
        do_quote=False,
    )


def argument(update: Update) -> str:
    """The text after the command word."""
    message = update.effective_message
    return command_argument(message.text if message else None)


def command(
    name: str,
) -> Callable[[Handler], Handler]:
    """Wrap a handler: refuse non-admins in groups, and turn ArgError into a usage reply."""
    spec = spec_for(name)
    assert spec is not None, name

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: WatchbotContext) -> None:
            if update.effective_chat is None or update.effective_message is None:
                return
            if spec.changes_settings and not await may_change_settings(update, context):
                await reply(update, texts.admins_only(spec))
                return
            try:
                await handler(update, context)
            except ArgError as exc:
                await reply(update, texts.bad_argument(spec, str(exc)))

        return guarded

    return wrap


def callback_args(data: Any) -> str:
    """Callback data as a string ('' when absent or not a string)."""
    return data if isinstance(data, str) else ""
