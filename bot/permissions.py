"""Who may change a chat's settings: anyone in private, only admins in groups and channels."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram import Bot, ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import WatchbotContext

__all__ = ["ADMIN_CACHE_KEY", "AdminCache", "may_change_settings"]

ADMIN_CACHE_KEY = "admin_cache"
_ADMIN_STATUSES = {ChatMember.OWNER, ChatMember.ADMINISTRATOR}


@dataclass
class AdminCache:
    """Each group's administrator ids, from getChatAdministrators, kept for `ttl` seconds.

    A user missing from a list older than `recheck_after` seconds triggers one fresh
    fetch, so a newly promoted admin is recognised at once; a demoted admin keeps the
    right for at most `ttl` seconds.
    """

    ttl: float = 300.0
    recheck_after: float = 10.0
    _lists: dict[int, tuple[float, frozenset[int]]] = field(default_factory=dict)

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """Whether `user_id` administers `chat_id`."""
        now = time.monotonic()
        cached = self._lists.get(chat_id)
        if cached is not None:
            fetched_at, ids = cached
            age = now - fetched_at
            if user_id in ids and age < self.ttl:
                return True
            if user_id not in ids and age < self.recheck_after:
                return False
        ids = await self._fetch(bot, chat_id)
        self._lists[chat_id] = (now, ids)
        return user_id in ids

    def forget(self, chat_id: int) -> None:
        """Drop a chat's cached list (its admins changed)."""
        self._lists.pop(chat_id, None)

    @staticmethod
    async def _fetch(bot: Bot, chat_id: int) -> frozenset[int]:
        members = await bot.get_chat_administrators(chat_id)
        return frozenset(m.user.id for m in members if m.status in _ADMIN_STATUSES)


def admin_cache(context: WatchbotContext) -> AdminCache:
    """The application's one AdminCache (created on first use)."""
    cache = context.application.bot_data.setdefault(ADMIN_CACHE_KEY, AdminCache())
    assert isinstance(cache, AdminCache)
    return cache


async def may_change_settings(update: Update, context: WatchbotContext) -> bool:
    """True when the sender may change this chat's settings.

    Private chats: the user. Channels: posts come from the channel itself, which only its
    admins can write as. Groups: administrators, including anonymous admins (who post as the
    group: sender_chat is the group); a linked channel's automatic forward is not an admin.
    Button presses: the pressing user must be an admin of the group or channel.
    """
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    if update.callback_query is not None:
        # A button press names the user who pressed it, in groups and channels alike.
        user_id = update.callback_query.from_user.id
    elif chat.type == ChatType.CHANNEL:
        return message.sender_chat is None or message.sender_chat.id == chat.id
    elif message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    elif message.from_user is not None:
        user_id = message.from_user.id
    else:
        return False
    try:
        return await admin_cache(context).is_admin(context.bot, chat.id, user_id)
    except TelegramError:
        # Without the list we cannot tell; refuse rather than let anyone change settings.
        return False
