"""/forget: delete everything stored about the chat, after a confirmation button."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, col, select
from telegram import Update

from bot import keyboards, texts
from bot.context import WatchbotContext
from bot.handlers.common import command, reply
from bot.keyboards import Callback
from bot.permissions import admin_cache, may_change_settings
from bot.services import Services
from storage.chats import forget_chat
from storage.models import WatchTerm

__all__ = ["forget", "forget_everything", "on_forget_button"]


@command("forget")
async def forget(update: Update, context: WatchbotContext) -> None:
    """Ask for confirmation before deleting the chat's data."""
    await reply(update, texts.FORGET_CONFIRM, keyboards.forget_confirm())


def forget_everything(services: Services, chat_id: int) -> bool:
    """Delete the chat, its terms, pending messages and feeds; release terms nobody else watches."""
    with Session(services.engine) as session, session.begin():
        keys = list(
            session.scalars(
                select(col(WatchTerm.normalised)).where(col(WatchTerm.chat_id) == chat_id)
            )
        )
        existed = forget_chat(session, chat_id)
    for key in keys:
        services.matcher.release_term(key, services.engine)
    return existed


async def on_forget_button(update: Update, context: WatchbotContext, press: Callback) -> None:
    """The confirmation (1) or cancel (0) button of /forget."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if not await may_change_settings(update, context):
        await query.answer("Only the group's admins can do this.", show_alert=True)
        return
    await query.answer()
    if press.first != 1:
        await query.edit_message_text(texts.FORGET_CANCELLED)
        return
    chat_id = update.effective_chat.id
    await asyncio.to_thread(forget_everything, context.services, chat_id)
    admin_cache(context).forget(chat_id)
    await query.edit_message_text(texts.FORGOTTEN, parse_mode="HTML")
