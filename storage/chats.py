"""Chats: who talks to the bot, their settings, and their lifecycle (blocked, migrated, forgotten).

Functions that take a Session flush but never commit: the caller owns the transaction
(`with Session(engine) as session, session.begin(): ...`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage.models import (
    AlertMode,
    AlertOutbox,
    Chat,
    DigestEntry,
    OutboxStatus,
    SanctionsMode,
    Source,
    Suppression,
    WatchTerm,
)
from storage.statements import affected, dialect_insert, table_of
from storage.types import utcnow

__all__ = [
    "SETTABLE_FIELDS",
    "chats_with_digest",
    "forget_chat",
    "get_chat",
    "mark_chat_inactive",
    "migrate_chat",
    "sanctions_subscribers",
    "update_chat_settings",
    "upsert_chat",
]

# What /settings-style commands may change; ids, lifecycle and timestamps are not settings.
SETTABLE_FIELDS = frozenset(
    {
        "title",
        "timezone",
        "alert_mode",
        "sanctions_mode",
        "digest_time",
        "muted_until",
        "quiet_start",
        "quiet_end",
    }
)

_ENUM_FIELDS: dict[str, type[AlertMode] | type[SanctionsMode]] = {
    "alert_mode": AlertMode,
    "sanctions_mode": SanctionsMode,
}

# Copied to the new id when a group becomes a supergroup.
_CARRIED_SETTINGS = tuple(sorted(SETTABLE_FIELDS - {"title"}))


def upsert_chat(session: Session, chat_id: int, type: str, title: str | None) -> Chat:
    """Record that a chat talks to us: create it, or refresh its type/title and reactivate it."""
    now = utcnow()
    stmt = dialect_insert(session, table_of(Chat)).values(
        id=chat_id, type=str(type), title=title, created_at=now, updated_at=now
    )
    # A chat that blocked us and now writes again listens again.
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={
            "type": str(type),
            "title": title,
            "active": True,
            "inactive_reason": None,
            "updated_at": now,
        },
    )
    session.execute(stmt)
    chat = session.get(Chat, chat_id, populate_existing=True)
    assert chat is not None
    return chat


def get_chat(session: Session, chat_id: int) -> Chat | None:
    """The chat with this id, or None."""
    return session.get(Chat, chat_id)


def update_chat_settings(session: Session, chat_id: int, **fields: Any) -> Chat:
    """Change some of a chat's settings.

    Raises KeyError for an unknown chat or field name, ValueError for an unknown mode.
    """
    unknown = set(fields) - SETTABLE_FIELDS
    if unknown:
        raise KeyError(f"not chat settings: {', '.join(sorted(unknown))}")
    chat = session.get(Chat, chat_id)
    if chat is None:
        raise KeyError(f"no chat {chat_id}")
    for name, value in fields.items():
        if name in _ENUM_FIELDS and value is not None:
            value = _ENUM_FIELDS[name](value).value  # ValueError for an unknown mode
        setattr(chat, name, value)
    chat.updated_at = utcnow()
    session.add(chat)
    session.flush()
    return chat


def mark_chat_inactive(session: Session, chat_id: int, reason: str) -> int:
    """Stop talking to a chat (it blocked us, left, was deleted); drop its pending messages.

    Returns how many pending outbox rows were dropped.
    """
    session.execute(
        update(Chat)
        .where(col(Chat.id) == chat_id)
        .values(active=False, inactive_reason=reason[:64], updated_at=utcnow())
    )
    result = session.execute(
        update(AlertOutbox)
        .where(col(AlertOutbox.chat_id) == chat_id, col(AlertOutbox.status) == OutboxStatus.PENDING)
        .values(status=OutboxStatus.DROPPED, last_error=f"chat inactive: {reason}")
    )
    session.flush()
    return affected(result)


def migrate_chat(session: Session, old_id: int, new_id: int) -> Chat:
    """Move everything of a group to its new supergroup id (Telegram's ChatMigrated).

    Where the new id already holds the same term, message, digest entry or suppression,
    the new one wins and the old duplicate is deleted (the unique keys forbid both).
    """
    old = session.get(Chat, old_id)
    new = session.get(Chat, new_id)
    if new is None:
        new = Chat(id=new_id, type="supergroup", title=old.title if old else None)
        if old is not None:
            for name in _CARRIED_SETTINGS:
                setattr(new, name, getattr(old, name))
        session.add(new)
        session.flush()
    for model, same in (
        (WatchTerm, ("normalised",)),
        (AlertOutbox, ("dedup_key",)),
        (DigestEntry, ("match_id",)),
        (Suppression, ("target", "matched")),
    ):
        _move_rows(session, model, same, old_id, new_id)
    if old is not None:
        old.active = False
        old.inactive_reason = "migrated"
        old.migrated_to = new_id
        old.updated_at = utcnow()
        session.add(old)
    session.flush()
    return new


def _move_rows(
    session: Session, model: Any, same: tuple[str, ...], old_id: int, new_id: int
) -> None:
    other = aliased(model)
    clash = exists().where(
        other.chat_id == new_id, *(getattr(other, c) == getattr(model, c) for c in same)
    )
    session.execute(delete(model).where(model.chat_id == old_id, clash))
    session.execute(update(model).where(model.chat_id == old_id).values(chat_id=new_id))


def forget_chat(session: Session, chat_id: int) -> bool:
    """Delete everything stored about a chat (/forget); returns whether the chat existed.

    The foreign keys cascade too; the explicit deletes keep this true on a database whose
    cascades were lost, and feeds the chat added (sources it owns) go with it.
    """
    for model in (AlertOutbox, DigestEntry, Suppression, WatchTerm):
        table = table_of(model)
        session.execute(delete(table).where(table.c.chat_id == chat_id))
    session.execute(delete(Source).where(col(Source.owner_chat_id) == chat_id))
    # Through the ORM, so a Chat object the caller holds in this session is marked deleted.
    chat = session.get(Chat, chat_id)
    if chat is None:
        return False
    session.delete(chat)
    session.flush()
    return True


def chats_with_digest(session: Session) -> list[Chat]:
    """Active chats with a daily digest time set."""
    stmt = (
        select(Chat)
        .where(col(Chat.active).is_(True), col(Chat.digest_time).is_not(None))
        .order_by(col(Chat.id))
    )
    return list(session.scalars(stmt))


def sanctions_subscribers(session: Session, band: str) -> list[int]:
    """Ids of active chats whose sanctions mode is `band` ("on"/"alert" or "digest")."""
    mode = SanctionsMode.ON if band in {"on", "alert"} else SanctionsMode(band)
    if mode is SanctionsMode.OFF:
        return []
    stmt = (
        select(col(Chat.id))
        .where(col(Chat.active).is_(True), col(Chat.sanctions_mode) == mode.value)
        .order_by(col(Chat.id))
    )
    return list(session.scalars(stmt))
