"""Send one claimed outbox row and record what Telegram answered; the rules for each error."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session, col
from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application

from bot.alert_buttons import keyboard_from_rows, keyboard_rows
from bot.alert_texts import render_alert
from bot.alert_views import alert_view
from bot.delivery_holds import held_until
from bot.services import Services
from storage.chats import mark_chat_inactive, migrate_chat
from storage.digests import mark_digested
from storage.models import AlertOutbox, Chat, OutboxStatus
from storage.outbox import mark_dropped, mark_retry, mark_sent

__all__ = ["MAX_ATTEMPTS", "FloodPause", "Payload", "backoff", "deliver_one", "reschedule"]

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

MAX_ATTEMPTS = 8
_BACKOFF_BASE = 5.0
_BACKOFF_MAX = 3600.0
# "chat not found" and friends: the chat is gone for good, like a block.
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "have no rights to send")


def backoff(attempts: int) -> timedelta:
    """Delay before attempt `attempts + 1`: 5 s doubling per failure, at most one hour."""
    return timedelta(seconds=min(_BACKOFF_MAX, _BACKOFF_BASE * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True, slots=True)
class Payload:
    """A pre-rendered message: HTML parts, keyboard rows for the last part, digest entries.

    Stored as JSON in `AlertOutbox.payload` for digests, list changes and notices, and for
    an alert whose first parts went out before a failure (only the rest is stored, so a
    retry never repeats a part the chat already has).
    """

    texts: tuple[str, ...]
    keyboard: tuple[tuple[tuple[str, str], ...], ...] = ()
    entry_ids: tuple[int, ...] = ()

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(
            {"texts": self.texts, "keyboard": self.keyboard, "entry_ids": self.entry_ids},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str) -> Payload:
        """Read the stored form; a bare string is one HTML message."""
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return cls((raw,))
        if not isinstance(data, dict):
            return cls((str(data),))
        return cls(
            tuple(str(t) for t in data.get("texts", [])),
            tuple(tuple((str(a), str(b)) for a, b in row) for row in data.get("keyboard", [])),
            tuple(int(i) for i in data.get("entry_ids", [])),
        )


class FloodPause(Exception):
    """Telegram asked us to slow down: stop this batch, resume at `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


def reschedule(engine: Engine, row_id: int, at: datetime, note: str | None = None) -> None:
    """Make a row due again at `at` without counting an attempt (holds, flood control)."""
    with Session(engine) as session, session.begin():
        values: dict[str, Any] = {
            "status": OutboxStatus.PENDING.value,
            "next_attempt_at": at,
            "claimed_at": None,
        }
        if note is not None:
            values["last_error"] = note
        session.execute(update(AlertOutbox).where(col(AlertOutbox.id) == row_id).values(**values))


def _prepare(session: Session, row: AlertOutbox, chat: Chat) -> Payload | None:
    """What to send for this row, or None when nothing is left to say."""
    if row.payload:
        return Payload.from_json(row.payload)
    if row.kind != "alert" or row.document_id is None:
        return None
    view = alert_view(session, row.chat_id, row.document_id, row.match_ids)
    if view is None:
        return None
    rows = tuple(tuple(r) for r in keyboard_rows(view))
    return Payload(tuple(render_alert(view, chat.timezone)), rows)


async def deliver_one(application: AnyApp, services: Services, row: AlertOutbox) -> bool:
    """Send one claimed row and record the outcome; True when it was delivered now.

    Raises FloodPause when Telegram answered 429 (the row is already rescheduled).
    """
    engine, now = services.engine, services.clock()
    assert row.id is not None
    hold: datetime | None = None
    payload: Payload | None = None
    with Session(engine) as session:
        chat = session.get(Chat, row.chat_id)
        active = chat is not None and chat.active
        if chat is not None and active:
            hold = held_until(chat, now, row.kind)
            if hold is None:
                payload = _prepare(session, row, chat)
        thread_id = chat.topic_id if chat is not None else None
    if not active:
        _drop(engine, row.id, "chat inactive")
        return False
    if hold is not None:
        # Muted or quiet hours: held, not dropped, and no attempt counted.
        reschedule(engine, row.id, hold)
        return False
    if payload is None or not payload.texts:
        _drop(engine, row.id, "nothing left to send (suppressed or deleted)")
        return False
    return await _send(application, services, row, row.chat_id, payload, thread_id)


def _drop(engine: Engine, row_id: int, reason: str) -> None:
    with Session(engine) as session, session.begin():
        mark_dropped(session, row_id, reason)


async def _send(
    application: AnyApp,
    services: Services,
    row: AlertOutbox,
    chat_id: int,
    payload: Payload,
    thread_id: int | None,
    migrated: bool = False,
) -> bool:
    engine = services.engine
    assert row.id is not None
    texts = list(payload.texts)
    first_id: int | None = None
    try:
        for index, text in enumerate(texts):
            last = index == len(texts) - 1
            markup: InlineKeyboardMarkup | None = (
                keyboard_from_rows([list(r) for r in payload.keyboard]) if last else None
            )
            message = await application.bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                message_thread_id=thread_id,
                link_preview_options=None,
            )
            first_id = first_id or message.message_id
            if not last:
                _store_rest(engine, row.id, payload, index + 1)
    except RetryAfter as exc:
        wait = exc.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        until = services.clock() + timedelta(seconds=seconds)
        reschedule(engine, row.id, until, f"flood control: retry after {seconds:g}s")
        log.info("flood control on chat %s: paused %.0fs", chat_id, seconds)
        raise FloodPause(until) from None
    except Forbidden as exc:
        _chat_gone(engine, row.id, chat_id, exc.message)
        return False
    except ChatMigrated as exc:
        if migrated:
            _fail(engine, row, f"chat migrated twice: {exc.message}")
            return False
        return await _follow_migration(
            application, services, row, chat_id, exc.new_chat_id, payload
        )
    except BadRequest as exc:
        if thread_id is not None and "thread not found" in exc.message.lower():
            # The topic was deleted: alerts go to the General topic from now on.
            _forget_topic(engine, chat_id)
            return await _send(application, services, row, chat_id, payload, None, migrated)
        if any(reason in exc.message.lower() for reason in _GONE):
            _chat_gone(engine, row.id, chat_id, exc.message)
        else:
            _fail(engine, row, f"refused by Telegram: {exc.message}")
        return False
    except (NetworkError, TelegramError) as exc:
        # TimedOut and other network errors: maybe transient; back off, give up after a max.
        _retry(engine, services, row, f"{type(exc).__name__}: {exc.message}")
        return False
    _record_sent(engine, row, chat_id, first_id, payload)
    return True


def _forget_topic(engine: Engine, chat_id: int) -> None:
    with Session(engine) as session, session.begin():
        session.execute(update(Chat).where(col(Chat.id) == chat_id).values(topic_id=None))


def _store_rest(engine: Engine, row_id: int, payload: Payload, sent_parts: int) -> None:
    """Remember that the first parts went out, so a retry sends only the rest."""
    rest = Payload(payload.texts[sent_parts:], payload.keyboard, payload.entry_ids)
    with Session(engine) as session, session.begin():
        session.execute(
            update(AlertOutbox).where(col(AlertOutbox.id) == row_id).values(payload=rest.to_json())
        )


def _record_sent(
    engine: Engine, row: AlertOutbox, chat_id: int, message_id: int | None, payload: Payload
) -> None:
    # `chat_id` is where it went: after a migration, no longer `row.chat_id`.
    assert row.id is not None
    with Session(engine) as session, session.begin():
        mark_sent(session, row.id, message_id)
        if payload.entry_ids:
            # Digest entries count as sent only now that the digest went out.
            mark_digested(session, chat_id, payload.entry_ids)


def _chat_gone(engine: Engine, row_id: int, chat_id: int, reason: str) -> None:
    with Session(engine) as session, session.begin():
        dropped = mark_chat_inactive(session, chat_id, reason)
        mark_dropped(session, row_id, f"chat unreachable: {reason}")
    log.info("chat %s unreachable (%s): inactive, %d pending dropped", chat_id, reason, dropped)


def _fail(engine: Engine, row: AlertOutbox, reason: str) -> None:
    """Give up at once: a message Telegram refuses will be refused again."""
    assert row.id is not None
    with Session(engine) as session, session.begin():
        mark_retry(session, row.id, reason, row.next_attempt_at, max_attempts=1)
    log.warning("outbox %s to chat %s failed: %s", row.id, row.chat_id, reason)


def _retry(engine: Engine, services: Services, row: AlertOutbox, reason: str) -> None:
    assert row.id is not None
    when = services.clock() + backoff(row.attempts + 1)
    with Session(engine) as session, session.begin():
        status = mark_retry(session, row.id, reason, when, max_attempts=MAX_ATTEMPTS)
    log.info("outbox %s to chat %s: %s; now %s", row.id, row.chat_id, reason, status)


async def _follow_migration(
    application: AnyApp,
    services: Services,
    row: AlertOutbox,
    old_id: int,
    new_id: int,
    payload: Payload,
) -> bool:
    """The group became a supergroup: move the chat's data to the new id and send there."""
    with Session(services.engine) as session, session.begin():
        migrate_chat(session, old_id, new_id)
        moved = session.get(AlertOutbox, row.id, populate_existing=True)
        if moved is None or moved.chat_id != new_id:
            # The new chat already owed this message (unique key): that row will carry it.
            return False
    log.info("chat %s migrated to %s; resending there", old_id, new_id)
    return await _send(application, services, row, new_id, payload, None, migrated=True)
