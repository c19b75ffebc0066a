"""Shared set-up for the command tests: the real service (bot.service) against the emulator.

- `command_env(tmp_path, **settings)`: async context manager giving a `CommandEnv`: a started
  emulator, services on a SQLite file in tmp_path (or `database_url=`), and the running
  Application (jobs off), built by `bot.service.running_service` as production does.
- `CommandEnv.say(text, ...)`: a user sends text; returns the bot's next message in that chat.
- `CommandEnv.anonymous_admin_says` / `channel_posts`: updates the emulator's user API lacks
  (a message sent as the group itself; a post in a channel), queued through its state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram_harness import emulator_settings, running_emulator

from bot.emulator import TelegramEmulator
from bot.emulator.injection import command_entities
from bot.emulator.model import ChatMessage, EmuChat, EmuUser
from bot.service import build_services, running_service
from bot.services import Services
from ingest.documents import IncomingDocument

__all__ = ["CommandEnv", "command_env"]


@dataclass
class CommandEnv:
    """The emulator, the services and the running Application, plus a default user."""

    emu: TelegramEmulator
    services: Services
    app: Any
    user: EmuUser

    async def say(
        self,
        text: str,
        *,
        user: EmuUser | None = None,
        chat: EmuChat | None = None,
        thread_id: int | None = None,
        timeout: float = 10.0,
    ) -> ChatMessage:
        """`user` (default: the env's user) writes `text`; the bot's next message in that chat."""
        sender = user or self.user
        self.emu.send_text(sender, chat, text, thread_id=thread_id)
        return await self.emu.wait_for_message(chat or sender, timeout=timeout)

    async def press(
        self, message: ChatMessage, button: int | str, *, user: EmuUser | None = None
    ) -> Any:
        """`user` presses a button; returns the callback query once the bot answered it."""
        query = self.emu.press_button(user or self.user, message, button)
        await self.emu.wait_for_call(
            "answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query.id
        )
        return query

    async def anonymous_admin_says(self, chat: EmuChat, text: str) -> ChatMessage:
        """An anonymous admin writes: Telegram sends it from GroupAnonymousBot as the group."""
        return await self._inject(chat, text, "message", {"sender_chat": chat.to_api()})

    async def channel_posts(self, chat: EmuChat, text: str) -> ChatMessage:
        """A post in a channel (written as the channel itself)."""
        return await self._inject(chat, text, "channel_post", {"sender_chat": chat.to_api()})

    async def _inject(
        self, chat: EmuChat, text: str, kind: str, extra: dict[str, Any]
    ) -> ChatMessage:
        state = self.emu.state
        anonymous = self._anonymous_bot()
        with state.lock:
            message = state.add_message(
                chat, anonymous, text=text, entities=command_entities(text), source_text=text
            )
            message.extra.update(extra)
            payload = state.message_api(message)
            if kind == "channel_post":
                payload.pop("from", None)
            state.push_update(kind, payload)
        return await self.emu.wait_for_message(chat, timeout=10.0)

    def _anonymous_bot(self) -> EmuUser:
        try:
            return self.emu.user("GroupAnonymousBot")
        except KeyError:
            return self.emu.add_user("Group", "GroupAnonymousBot")

    async def ingest(
        self, text: str, *, title: str, url: str, published: datetime | None = None
    ) -> None:
        """A document goes through the real pipeline (stored, scanned, matched)."""
        await self.services.pipeline.ingest(
            IncomingDocument(
                text=text, title=title, url=url, published=published, source_label="Test Wire"
            )
        )


@asynccontextmanager
async def command_env(
    tmp_path: Path,
    *,
    database_url: str | None = None,
    admin_users: tuple[str, ...] = (),
    **settings: Any,
) -> AsyncIterator[CommandEnv]:
    """A running bot on a fresh database, talking to a fresh emulator.

    `admin_users` names users created up front whose private chats are service admin chats
    (`Settings.admin_chat_ids`); find them with `env.emu.user(name)`.
    """
    async with running_emulator() as emu:
        user = emu.add_user("Alice", "alice")
        admins = frozenset(emu.add_user(name, name.lower()).id for name in admin_users)
        if admins:
            settings["admin_chat_ids"] = admins
        config = emulator_settings(emu, tmp_path, database_url, **settings)
        services = build_services(config)
        try:
            async with running_service(services, jobs=False) as app:
                yield CommandEnv(emu, services, app, user)
        finally:
            services.engine.dispose()
