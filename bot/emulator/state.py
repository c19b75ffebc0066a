"""Everything the emulator knows: the world, pending updates, the call record, faults."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .changes import ChangeSignal
from .errors import bad_request, forbidden, group_migrated
from .faults import FaultPlan, FloodModel
from .model import BotEvent, ChatMessage, EmuChat, EmuUser, StoredFile, now

__all__ = ["CallbackQuery", "EmulatorState", "RecordedCall"]


@dataclass(frozen=True)
class RecordedCall:
    """One Bot API call as the emulator received and answered it."""

    method: str
    params: dict[str, Any]
    at: float  # time.time() when it arrived
    ok: bool
    error_code: int | None = None
    description: str | None = None

    @property
    def chat_id(self) -> Any:
        """The `chat_id` parameter, if any."""
        return self.params.get("chat_id")


@dataclass
class CallbackQuery:
    """A button press injected by a test, and the bot's answer to it."""

    id: str
    user: EmuUser
    message: ChatMessage
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass
class EmulatorState:
    """The shared state; guard every access with `lock` (the server may run in a thread)."""

    token: str
    bot: EmuUser
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: ChangeSignal = field(default_factory=ChangeSignal)
    faults: FaultPlan = field(default_factory=FaultPlan)
    flood: FloodModel = field(default_factory=FloodModel)
    users: dict[int, EmuUser] = field(default_factory=dict)
    chats: dict[int, EmuChat] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[RecordedCall] = field(default_factory=list)
    callback_queries: dict[str, CallbackQuery] = field(default_factory=dict)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    webhook: dict[str, Any] | None = None
    poll_generation: int = 0
    waiting_polls: int = 0  # getUpdates calls now blocked waiting for an update
    closing: bool = False
    listeners: list[Callable[[BotEvent], None]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> int:
        """A fresh number for user ids, chat ids, file ids and callback ids."""
        return next(self._ids)

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update for getUpdates and wake long polls; returns its update_id."""
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, kind: payload})
        self.changed.notify()
        return update_id

    def record(self, call: RecordedCall) -> None:
        """Append to the call record."""
        with self.lock:
            self.calls.append(call)
        self.changed.notify()

    def find_chat(self, ref: int | str) -> EmuChat:
        """The chat for a chat_id parameter, or the 400/403 Telegram would answer."""
        chat: EmuChat | None
        if isinstance(ref, str):
            chat = next((c for c in self.chats.values() if f"@{c.username}" == ref), None)
        else:
            chat = self.chats.get(ref)
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise group_migrated(chat.migrated_to)
        return chat

    def writable_chat(self, ref: int | str) -> EmuChat:
        """The chat, if the bot may post in it; else Telegram's 403/400."""
        chat = self.find_chat(ref)
        if chat.kind == "private":
            user = chat.user
            assert user is not None
            if user.deactivated:
                raise forbidden("user is deactivated")
            if user.blocked_bot:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
        elif chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {_chat_noun(chat)}")
        elif chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {_chat_noun(chat)}")
        elif chat.kind == "channel" and chat.bot_status not in ("administrator", "creator"):
            raise bad_request("need administrator rights in the channel chat")
        return chat

    def add_message(self, chat: EmuChat, sender: EmuUser, **fields: Any) -> ChatMessage:
        """Store a new message in `chat`; bot messages are announced to listeners."""
        message = ChatMessage(
            chat_id=chat.id,
            message_id=chat.take_message_id(),
            sender_id=sender.id,
            from_bot=sender.id == self.bot.id,
            date=now(),
            seq=self.next_id(),
            **fields,
        )
        chat.messages[message.message_id] = message
        if message.from_bot:
            self.announce(BotEvent("sent", message))
        else:
            self.changed.notify()
        return message

    def announce(self, event: BotEvent) -> None:
        """Tell listeners (the console) what the bot did, then wake waiters."""
        for listener in list(self.listeners):
            listener(event)
        self.changed.notify()

    def message_api(self, message: ChatMessage, *, nested: bool = True) -> dict[str, Any]:
        """The Bot API `Message` object for a stored message (with the message it replies to,
        one level deep, as Telegram sends it)."""
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_api(),
        }
        if chat.kind != "channel":  # channel posts are signed by the channel, not a user
            sender = self.bot if message.from_bot else self.users[message.sender_id]
            data["from"] = sender.to_api()
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            data["is_topic_message"] = True
        if message.edit_count:
            data["edit_date"] = now()
        if message.file is not None:
            data.update(_media_api(message.file))
            if message.text:
                data["caption"] = message.text
                if message.entities:
                    data["caption_entities"] = message.entities
        elif message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        replied = chat.messages.get(message.reply_to) if message.reply_to else None
        if nested and replied is not None:
            data["reply_to_message"] = self.message_api(replied, nested=False)
        data.update(message.extra)
        return data


def _chat_noun(chat: EmuChat) -> str:
    return {"group": "group chat", "supergroup": "supergroup chat"}.get(chat.kind, "channel chat")


def _media_api(file: StoredFile) -> dict[str, Any]:
    ids = {"file_id": file.file_id, "file_unique_id": file.file_unique_id}
    if file.kind == "photo":
        width, height = _png_size(file.data)
        return {"photo": [{**ids, "width": width, "height": height, "file_size": file.size}]}
    document: dict[str, Any] = {**ids, "file_size": file.size}
    if file.filename:
        document["file_name"] = file.filename
    if file.content_type:
        document["mime_type"] = file.content_type
    return {"document": document}


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG header (charts are PNG); 0x0 for other formats."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0, 0


def wall_time() -> float:
    """Seconds since the epoch, for call records."""
    return time.time()
