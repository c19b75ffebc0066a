"""Bot API methods about the bot itself, its commands, webhook and the chats it is in."""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import bad_request
from .model import chat_member_api, now
from .params import Params
from .state import EmulatorState

__all__ = ["CHAT_METHODS", "member_update"]

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def get_me(state: EmulatorState, p: Params) -> dict[str, Any]:
    """getMe: the bot's own User object."""
    return {
        **state.bot.to_api(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def set_webhook(state: EmulatorState, p: Params) -> bool:
    """setWebhook: recorded only; while set, getUpdates answers 409 as Telegram does."""
    url = p.text("url") or ""
    state.webhook = {"url": url} if url else None
    return True


def delete_webhook(state: EmulatorState, p: Params) -> bool:
    """deleteWebhook: forget the webhook, optionally dropping pending updates."""
    state.webhook = None
    if p.flag("drop_pending_updates"):
        state.updates.clear()
    return True


def get_webhook_info(state: EmulatorState, p: Params) -> dict[str, Any]:
    """getWebhookInfo: the recorded webhook and the number of pending updates."""
    return {
        "url": (state.webhook or {}).get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }


def _commands_key(p: Params) -> str:
    scope = p.structure("scope") or {"type": "default"}
    return json.dumps([scope, p.text("language_code") or ""], sort_keys=True)


def set_my_commands(state: EmulatorState, p: Params) -> bool:
    """setMyCommands: validate and store the command list for a scope and language."""
    commands = p.structure("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        if not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command.get("description", "")) <= 256:
            raise bad_request("command description must be 1-256 characters")
    state.commands[_commands_key(p)] = commands
    return True


def get_my_commands(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    """getMyCommands: the stored command list for a scope and language."""
    return state.commands.get(_commands_key(p), [])


def delete_my_commands(state: EmulatorState, p: Params) -> bool:
    """deleteMyCommands: forget the command list for a scope and language."""
    state.commands.pop(_commands_key(p), None)
    return True


def get_chat(state: EmulatorState, p: Params) -> dict[str, Any]:
    """getChat: the ChatFullInfo of a known chat."""
    return state.find_chat(p.chat_ref()).to_full_api()


def get_chat_member(state: EmulatorState, p: Params) -> dict[str, Any]:
    """getChatMember: a user's (or the bot's) status in a chat."""
    chat = state.find_chat(p.chat_ref())
    user_id = p.require_int("user_id")
    if user_id == state.bot.id:
        return chat_member_api(state.bot, chat.bot_status)
    user = state.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    if chat.kind == "private":
        return chat_member_api(user, "member" if chat.id == user_id else "left")
    return chat_member_api(user, chat.members.get(user_id, "left"))


def get_chat_administrators(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    """getChatAdministrators: creator and administrators, the bot included when it is one."""
    chat = state.find_chat(p.chat_ref())
    if chat.kind == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [
        chat_member_api(state.users[uid], status)
        for uid, status in chat.members.items()
        if status in ("creator", "administrator")
    ]
    if chat.bot_status == "administrator":
        admins.append(chat_member_api(state.bot, "administrator"))
    return admins


def leave_chat(state: EmulatorState, p: Params) -> bool:
    """leaveChat: the bot leaves a group or channel (Telegram then sends my_chat_member)."""
    chat = state.find_chat(p.chat_ref())
    if chat.kind == "private":
        raise bad_request("chat member status can't be changed in private chats")
    old = chat.bot_status
    chat.bot_status = "left"
    state.push_update("my_chat_member", member_update(state, chat.id, state.bot.id, old, "left"))
    return True


def member_update(
    state: EmulatorState, chat_id: int, by_user_id: int, old: str, new: str
) -> dict[str, Any]:
    """A ChatMemberUpdated payload about the bot's own status in a chat."""
    chat = state.chats[chat_id]
    by = state.bot if by_user_id == state.bot.id else state.users[by_user_id]
    return {
        "chat": chat.to_api(),
        "from": by.to_api(),
        "date": now(),
        "old_chat_member": chat_member_api(state.bot, old),  # type: ignore[arg-type]
        "new_chat_member": chat_member_api(state.bot, new),  # type: ignore[arg-type]
    }


def accept(state: EmulatorState, p: Params) -> bool:
    """close / logOut and other calls the emulator accepts without effect."""
    return True


CHAT_METHODS = {
    "getMe": get_me,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "leaveChat": leave_chat,
    "close": accept,
    "logOut": accept,
}
