"""The global error handler: log the failure (never the token), tell the user once."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot import texts
from bot.context import WatchbotContext

__all__ = ["on_error"]

log = logging.getLogger(__name__)


async def on_error(update: object, context: WatchbotContext) -> None:
    """Log the exception with the update's chat id and reply "Something went wrong" once."""
    chat_id = (
        update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    )
    # The logging formatter redacts the token; we log only the exception and the chat id.
    log.error("update for chat %s failed", chat_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(context.error, Forbidden):
        # The bot may not write here (blocked, removed): another message would fail too.
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.SOMETHING_WENT_WRONG, show_alert=True)
        else:
            await update.effective_message.reply_text(
                texts.SOMETHING_WENT_WRONG, parse_mode=ParseMode.HTML, do_quote=False
            )
    except TelegramError:
        log.warning("could not tell chat %s that its update failed", chat_id)
