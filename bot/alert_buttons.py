"""The "Unwatch" and "Not relevant" buttons under alerts, and the bot's own membership changes."""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlmodel import Session
from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ChatMemberHandler

from bot.alert_texts import AlertView
from bot.context import WatchbotContext
from bot.permissions import may_change_settings
from storage.chats import mark_chat_inactive, upsert_chat
from storage.models import MatchRow
from storage.suppressions import suppress
from storage.terms import remove_watch

__all__ = [
    "CALLBACK_PATTERN",
    "alert_keyboard",
    "keyboard_from_rows",
    "keyboard_rows",
    "on_alert_button",
    "on_my_chat_member",
    "register_alert_handlers",
]

log = logging.getLogger(__name__)

# Compact callback data ("uw:123", "nr:123"): Telegram allows 64 bytes; a match id fits.
CALLBACK_PATTERN = re.compile(r"^(uw|nr):(\d{1,18})$")
_MAX_ROWS = 3
_LABEL_MAX = 24


def keyboard_rows(view: AlertView) -> list[list[tuple[str, str]]]:
    """(label, callback data) rows: one per distinct term or entity, at most three."""
    rows: list[list[tuple[str, str]]] = []
    seen: set[str] = set()
    several = len({m.name for m in view.matches}) > 1
    for match in view.matches:
        if match.name in seen or len(rows) == _MAX_ROWS:
            continue
        seen.add(match.name)
        suffix = f" {match.name[:_LABEL_MAX]}" if several else ""
        row = []
        if match.kind == "watch":
            row.append((f"Unwatch{suffix}", f"uw:{match.match_id}"))
        row.append(
            (
                f"Not relevant{suffix}" if match.kind != "watch" else "Not relevant",
                f"nr:{match.match_id}",
            )
        )
        rows.append(row)
    return rows


def keyboard_from_rows(rows: list[list[Any]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard for stored (label, data) rows, or None when there are none."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(str(label), callback_data=str(data)) for label, data in row]
            for row in rows
        ]
    )


def alert_keyboard(view: AlertView) -> InlineKeyboardMarkup | None:
    """The buttons under an alert."""
    return keyboard_from_rows([list(r) for r in keyboard_rows(view)])


def _apply(session: Session, chat_id: int, action: str, match_id: int) -> tuple[str, str | None]:
    """Do what the button says; returns the acknowledgement and the term removed, if any."""
    match = session.get(MatchRow, match_id)
    if match is None:
        return "That alert is too old to change.", None
    if action == "uw":
        if remove_watch(session, chat_id, match.target):
            return f"Stopped watching {match.name}.", match.target
        return "You no longer watch this name.", None
    suppress(session, chat_id, match.target, match.text)
    return f"OK: “{match.text}” will not alert you about {match.name} again.", None


async def on_alert_button(update: Update, context: WatchbotContext) -> None:
    """Handle a press on "Unwatch" or "Not relevant": act, then acknowledge on the keyboard."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    parsed = CALLBACK_PATTERN.match(query.data)
    if parsed is None:
        await query.answer("Unknown button.")
        return
    action, match_id = parsed[1], int(parsed[2])
    if not await may_change_settings(update, context):
        # In groups the buttons change the group's settings: admins only, like the commands.
        await query.answer("Only the group's admins can change what it watches.", show_alert=True)
        return
    services = context.services
    with Session(services.engine) as session, session.begin():
        note, target = _apply(session, chat.id, action, match_id)
    if action == "uw" and target is not None:
        # The matcher stops scanning for a term once no chat watches it.
        services.matcher.release_term(target, services.engine)
    await query.answer(note)
    done = "✓ Unwatched" if action == "uw" else "✓ Marked not relevant"
    await query.edit_message_reply_markup(
        InlineKeyboardMarkup([[InlineKeyboardButton(done, callback_data="done:0")]])
    )


async def on_done_button(update: Update, context: WatchbotContext) -> None:
    """A press on an acknowledgement button: nothing left to do, just answer it."""
    if update.callback_query is not None:
        await update.callback_query.answer()


async def on_my_chat_member(update: Update, context: WatchbotContext) -> None:
    """The bot was blocked, kicked or left (chat inactive, pending dropped), or re-added."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    status = change.new_chat_member.status
    services = context.services
    with Session(services.engine) as session, session.begin():
        if status in {ChatMember.BANNED, ChatMember.LEFT}:
            reason = "blocked" if chat.type == "private" else f"bot {status}"
            dropped = mark_chat_inactive(session, chat.id, reason)
            log.info("chat %s inactive (%s); %d pending dropped", chat.id, reason, dropped)
        else:
            upsert_chat(session, chat.id, chat.type, chat.title or chat.full_name)
            log.info("chat %s active (%s)", chat.id, status)


def register_alert_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the alert-button and my_chat_member handlers."""
    application.add_handler(CallbackQueryHandler(on_alert_button, pattern=CALLBACK_PATTERN))
    application.add_handler(CallbackQueryHandler(on_done_button, pattern=r"^done:"))
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
