"""What users do: create chats, write messages, press buttons, block or remove the bot.

Each function changes the state and queues the update Telegram would deliver to the bot.
"""

from __future__ import annotations

import re
from typing import Any

from .api_chats import member_update
from .html_entities import utf16_len
from .model import ChatKind, ChatMessage, EmuChat, EmuUser, MemberStatus
from .state import CallbackQuery, EmulatorState

__all__ = [
    "add_bot",
    "add_chat",
    "add_topic",
    "add_user",
    "anonymous_admin_message",
    "channel_post",
    "block_bot",
    "migrate_to_supergroup",
    "press_button",
    "remove_bot",
    "unblock_bot",
    "user_message",
]

# Telegram marks every /command (optionally /command@botname) as a bot_command entity.
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_USER_BASE = 1_000_000
_GROUP_BASE = 2_000_000
_SUPERGROUP_BASE = 1_000_000_000_000  # supergroup and channel ids look like -100xxxxxxxxxx
# Telegram's real account that stands in for anonymous group admins.
ANONYMOUS_ADMIN_ID = 1087968824


def add_user(state: EmulatorState, first_name: str, **fields: Any) -> EmuUser:
    """A new user; `started=True` lets the bot write before the user does."""
    with state.lock:
        user = EmuUser(id=_USER_BASE + state.next_id(), first_name=first_name, **fields)
        state.users[user.id] = user
        state.chats[user.id] = EmuChat(id=user.id, kind="private", user=user)
    return user


def add_chat(
    state: EmulatorState,
    kind: ChatKind,
    title: str,
    *,
    members: dict[int, MemberStatus],
    username: str | None = None,
    forum: bool = False,
    bot_status: MemberStatus = "member",
) -> EmuChat:
    """A new group, supergroup or channel with the given members."""
    with state.lock:
        number = state.next_id()
        chat_id = -(_GROUP_BASE + number) if kind == "group" else -(_SUPERGROUP_BASE + number)
        chat = EmuChat(
            id=chat_id,
            kind=kind,
            title=title,
            username=username,
            is_forum=forum,
            members=dict(members),
            bot_status=bot_status,
        )
        state.chats[chat_id] = chat
    return chat


def add_topic(state: EmulatorState, chat: EmuChat, name: str) -> int:
    """A forum topic; returns its message_thread_id."""
    with state.lock:
        if not chat.is_forum:
            raise ValueError(f"chat {chat.title!r} is not a forum supergroup")
        thread_id = chat.take_message_id()  # the id of the topic's creation service message
        chat.topics[thread_id] = name
    return thread_id


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities for every /command in `text`, with UTF-16 offsets."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _COMMAND.finditer(text)
    ]


def user_message(
    state: EmulatorState,
    user: EmuUser,
    chat: EmuChat,
    text: str,
    *,
    thread_id: int | None = None,
    reply_to: ChatMessage | None = None,
    privacy_mode: bool = True,
) -> ChatMessage:
    """`user` writes `text` in `chat`; queued for the bot unless privacy mode hides it."""
    with state.lock:
        if chat.migrated_to is not None:
            raise ValueError(f"chat {chat.id} was migrated to {chat.migrated_to}")
        if chat.kind == "private":
            if chat.id != user.id:
                raise ValueError("a private chat only holds its own user")
            user.started = True
        elif chat.kind == "channel":
            raise ValueError("users do not write in channels; the bot posts there")
        else:
            chat.members.setdefault(user.id, "member")
        if thread_id is not None and thread_id not in chat.topics:
            raise ValueError(f"no topic {thread_id} in chat {chat.id}")
        if reply_to is not None and reply_to.chat_id != chat.id:
            raise ValueError("a reply must be in the same chat as the message it answers")
        entities = command_entities(text)
        message = state.add_message(
            chat,
            user,
            text=text,
            entities=entities,
            source_text=text,
            thread_id=thread_id,
            reply_to=reply_to.message_id if reply_to else None,
        )
        replies_to_bot = reply_to is not None and reply_to.from_bot
        if replies_to_bot or _bot_sees(state, chat, text, entities, privacy_mode):
            state.push_update("message", state.message_api(message))
    return message


def _anonymous_admin(state: EmulatorState) -> EmuUser:
    user = state.users.get(ANONYMOUS_ADMIN_ID)
    if user is None:
        user = EmuUser(ANONYMOUS_ADMIN_ID, "Group", "GroupAnonymousBot", is_bot=True, started=True)
        state.users[user.id] = user
    return user


def anonymous_admin_message(
    state: EmulatorState, chat: EmuChat, text: str, *, thread_id: int | None = None
) -> ChatMessage:
    """An anonymous admin writes: from GroupAnonymousBot, with `sender_chat` = the group."""
    if chat.kind not in ("group", "supergroup"):
        raise ValueError("anonymous admins exist only in groups")
    with state.lock:
        if thread_id is not None and thread_id not in chat.topics:
            raise ValueError(f"no topic {thread_id} in chat {chat.id}")
        entities = command_entities(text)
        message = state.add_message(
            chat,
            _anonymous_admin(state),
            text=text,
            entities=entities,
            source_text=text,
            thread_id=thread_id,
            extra={"sender_chat": chat.to_api()},
        )
        if chat.bot_status in ("member", "administrator"):
            state.push_update("message", state.message_api(message))
    return message


def channel_post(state: EmulatorState, chat: EmuChat, text: str) -> ChatMessage:
    """A post in a channel, signed as the channel; only an admin bot receives it."""
    if chat.kind != "channel":
        raise ValueError("channel posts happen in channels")
    with state.lock:
        message = state.add_message(
            chat,
            _anonymous_admin(state),
            text=text,
            entities=command_entities(text),
            source_text=text,
            extra={"sender_chat": chat.to_api()},
        )
        if chat.bot_status == "administrator":
            state.push_update("channel_post", state.message_api(message))
    return message


def _bot_sees(
    state: EmulatorState,
    chat: EmuChat,
    text: str,
    entities: list[dict[str, Any]],
    privacy_mode: bool,
) -> bool:
    """Telegram's privacy mode: in groups a bot only sees commands unless it is admin."""
    if chat.kind == "private":
        return not (chat.user and chat.user.blocked_bot)
    if chat.bot_status not in ("member", "administrator"):
        return False
    if not privacy_mode or chat.bot_status == "administrator":
        return True
    return any(e["offset"] == 0 for e in entities) or f"@{state.bot.username}" in text


def press_button(
    state: EmulatorState, user: EmuUser, message: ChatMessage, button: int | str
) -> CallbackQuery:
    """`user` presses an inline button (0-based index, label or callback_data)."""
    with state.lock:
        current = state.chats[message.chat_id].messages.get(message.message_id)
        if current is None or current.deleted or not current.from_bot:
            raise ValueError("only buttons of existing bot messages can be pressed")
        buttons = current.buttons
        if isinstance(button, int):
            if not 0 <= button < len(buttons):
                raise ValueError(f"message has {len(buttons)} buttons, no index {button}")
            chosen = buttons[button]
        else:
            matches = [b for b in buttons if button in (b.get("text"), b.get("callback_data"))]
            if not matches:
                raise ValueError(f"no button labelled or carrying {button!r}")
            chosen = matches[0]
        if "callback_data" not in chosen:
            raise ValueError(f"button {chosen.get('text')!r} has no callback_data")
        query = CallbackQuery(
            str(state.next_id() * 7919 + user.id), user, current, chosen["callback_data"]
        )
        state.callback_queries[query.id] = query
        state.push_update(
            "callback_query",
            {
                "id": query.id,
                "from": user.to_api(),
                "message": state.message_api(current),
                "chat_instance": str(abs(current.chat_id) * 31 + 7),
                "data": query.data,
            },
        )
    return query


def block_bot(state: EmulatorState, user: EmuUser) -> None:
    """The user blocks the bot: my_chat_member (kicked), then 403 on every send."""
    with state.lock:
        user.blocked_bot = True
        state.push_update(
            "my_chat_member", member_update(state, user.id, user.id, "member", "kicked")
        )


def unblock_bot(state: EmulatorState, user: EmuUser) -> None:
    """The user unblocks the bot: my_chat_member (member) and sends work again."""
    with state.lock:
        user.blocked_bot = False
        state.push_update(
            "my_chat_member", member_update(state, user.id, user.id, "kicked", "member")
        )


def remove_bot(
    state: EmulatorState, chat: EmuChat, by: EmuUser, *, ban: bool | None = None
) -> None:
    """`by` removes the bot from a group (supergroups ban, i.e. "kicked", by default)."""
    with state.lock:
        banned = chat.kind != "group" if ban is None else ban
        old, chat.bot_status = chat.bot_status, "kicked" if banned else "left"
        state.push_update(
            "my_chat_member", member_update(state, chat.id, by.id, old, chat.bot_status)
        )


def add_bot(state: EmulatorState, chat: EmuChat, by: EmuUser, *, admin: bool = False) -> None:
    """`by` adds the bot to a group or channel (as administrator if `admin`)."""
    with state.lock:
        old, chat.bot_status = chat.bot_status, "administrator" if admin else "member"
        state.push_update(
            "my_chat_member", member_update(state, chat.id, by.id, old, chat.bot_status)
        )


def migrate_to_supergroup(state: EmulatorState, chat: EmuChat, by: EmuUser) -> EmuChat:
    """Upgrade a basic group; later sends to the old id get 400 with migrate_to_chat_id."""
    if chat.kind != "group":
        raise ValueError("only basic groups can be migrated")
    new = add_chat(
        state,
        "supergroup",
        chat.title or "",
        members=chat.members,
        bot_status=chat.bot_status,
    )
    with state.lock:
        chat.migrated_to = new.id
        old_notice = state.add_message(chat, by, extra={"migrate_to_chat_id": new.id})
        new_notice = state.add_message(new, by, extra={"migrate_from_chat_id": chat.id})
        for notice in (old_notice, new_notice):
            state.push_update("message", state.message_api(notice))
    return new
