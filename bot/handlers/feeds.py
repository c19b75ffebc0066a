"""/feeds, /addfeed and /removefeed."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot import texts
from bot.chat_ref import ChatRef
from bot.command_args import ArgError
from bot.context import WatchbotContext
from bot.feed_admin import add_chat_feed, chat_feeds, may_add_feeds, remove_chat_feed
from bot.handlers.common import argument, command, reply

__all__ = ["add_feed", "feeds", "remove_feed"]


@command("feeds")
async def feeds(update: Update, context: WatchbotContext) -> None:
    """List the feeds read for this chat, with errors of the ones it owns."""
    services, chat_id = context.services, ChatRef.of(update).id
    lines = await asyncio.to_thread(chat_feeds, services, chat_id)
    await reply(update, texts.feeds_list(lines, may_add_feeds(services, chat_id)))


@command("addfeed")
async def add_feed(update: Update, context: WatchbotContext) -> None:
    """Add an RSS/Atom feed (policy: admin chats only, or anyone for itself)."""
    raw = argument(update)
    if not raw:
        raise ArgError("Give the feed's URL.")
    services, ref = context.services, ChatRef.of(update)
    if not may_add_feeds(services, ref.id):
        await reply(update, texts.FEEDS_ADMINS_ONLY)
        return
    status, line = await asyncio.to_thread(add_chat_feed, services, ref, raw)
    await reply(update, texts.feed_added(status, line.id, line.url))


@command("removefeed")
async def remove_feed(update: Update, context: WatchbotContext) -> None:
    """Remove a feed this chat added, by id or URL."""
    raw = argument(update)
    if not raw:
        raise ArgError("Give the feed's id (see /feeds) or its URL.")
    url = await asyncio.to_thread(remove_chat_feed, context.services, ChatRef.of(update).id, raw)
    await reply(update, texts.feed_removed(url) if url else texts.feed_not_yours(raw))
