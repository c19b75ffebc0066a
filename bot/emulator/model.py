"""The emulated world: users, chats, topics, messages and uploaded files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "BotEvent",
    "ChatKind",
    "ChatMessage",
    "EmuChat",
    "EmuUser",
    "StoredFile",
    "chat_member_api",
]

ChatKind = Literal["private", "group", "supergroup", "channel"]
# Member statuses as the Bot API names them.
MemberStatus = Literal["creator", "administrator", "member", "left", "kicked"]


@dataclass
class EmuUser:
    """A Telegram user (or the bot itself)."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False
    started: bool = False  # has opened the private chat with the bot, so the bot may write
    blocked_bot: bool = False
    deactivated: bool = False

    def to_api(self) -> dict[str, Any]:
        """The Bot API `User` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data

    @property
    def display_name(self) -> str:
        """First and last name, as a client shows it."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass
class StoredFile:
    """A file the bot uploaded (or a file_id / URL it referred to)."""

    file_id: str
    file_unique_id: str
    filename: str | None
    content_type: str | None
    data: bytes
    kind: Literal["photo", "document"]
    url: str | None = None  # when the bot sent a URL instead of bytes

    @property
    def size(self) -> int:
        """Size in bytes of what was uploaded."""
        return len(self.data)

    @property
    def file_path(self) -> str:
        """Path under `base_file_url` where getFile says the file can be downloaded."""
        return f"{self.kind}s/{self.file_unique_id}_{self.filename or 'file'}"


@dataclass
class ChatMessage:
    """A message in a chat, sent by the bot or injected as sent by a user."""

    chat_id: int
    message_id: int
    sender_id: int
    from_bot: bool
    date: int
    text: str | None = None  # plain text after entity parsing (for media: the caption)
    entities: list[dict[str, Any]] = field(default_factory=list)
    source_text: str | None = None  # what the bot passed, before HTML parsing
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    thread_id: int | None = None
    reply_to: int | None = None  # message_id this message replies to (quotes)
    file: StoredFile | None = None
    edit_count: int = 0
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. migrate_to_chat_id
    seq: int = 0  # emulator-wide order of creation, across chats

    @property
    def kind(self) -> str:
        """ "text", "photo" or "document"."""
        return self.file.kind if self.file else "text"

    @property
    def caption(self) -> str | None:
        """The caption of a photo or document."""
        return self.text if self.file else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons in reading order (row by row)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class EmuChat:
    """A chat the bot can see: private, group, supergroup (maybe with topics) or channel."""

    id: int
    kind: ChatKind
    title: str | None = None
    username: str | None = None
    user: EmuUser | None = None  # the other side of a private chat
    is_forum: bool = False
    members: dict[int, MemberStatus] = field(default_factory=dict)
    bot_status: MemberStatus = "member"
    topics: dict[int, str] = field(default_factory=dict)  # message_thread_id -> topic name
    migrated_to: int | None = None
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1

    def to_api(self) -> dict[str, Any]:
        """The Bot API `Chat` object."""
        data: dict[str, Any] = {"id": self.id, "type": self.kind}
        if self.kind == "private" and self.user:
            data.update({k: v for k, v in self.user.to_api().items() if k in _PRIVATE_FIELDS})
        else:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    def to_full_api(self) -> dict[str, Any]:
        """The Bot API `ChatFullInfo` object answered by getChat."""
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {
            **self.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def take_message_id(self) -> int:
        """Allocate the next message id in this chat."""
        self.next_message_id += 1
        return self.next_message_id - 1


_PRIVATE_FIELDS = ("first_name", "last_name", "username")


def chat_member_api(user: EmuUser, status: MemberStatus) -> dict[str, Any]:
    """The Bot API `ChatMember` object for a user with a status."""
    data: dict[str, Any] = {"user": user.to_api(), "status": status}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(
            dict.fromkeys(
                (
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_post_messages",
                    "can_edit_messages",
                ),
                True,
            )
        )
        data.update(
            dict.fromkeys(
                (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                ),
                False,
            )
        )
    elif status == "kicked":
        data["until_date"] = 0
    return data


@dataclass(frozen=True)
class BotEvent:
    """Something the bot did that a person would notice in a client."""

    kind: Literal["sent", "edited", "deleted", "answered"]
    message: ChatMessage
    text: str | None = None  # for "answered": the callback answer (toast) text
    show_alert: bool = False


def now() -> int:
    """Unix time in whole seconds, the unit of Bot API dates."""
    return int(time.time())
