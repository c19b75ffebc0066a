"""The outbox: messages owed to chats, claimed by delivery workers and marked as they go.

Delivery is at-least-once: a row claimed by a worker that crashes is claimable again after
`stale_after`. The unique (chat_id, dedup_key) makes enqueueing idempotent.
Functions that take a Session flush but never commit; `claim_due` takes the Engine and
runs its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, func, or_, select, update
from sqlmodel import Session, col

from storage.models import AlertOutbox, OutboxStatus
from storage.statements import dialect_insert, inserted, table_of
from storage.types import utcnow

__all__ = [
    "MAX_ATTEMPTS",
    "claim_due",
    "enqueue",
    "mark_dropped",
    "mark_retry",
    "mark_sent",
    "pending_count",
]

MAX_ATTEMPTS = 8


def enqueue(
    session: Session,
    chat_id: int,
    dedup_key: str,
    kind: str,
    document_id: int | None = None,
    match_ids: Iterable[int] = (),
    payload: str | None = None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Owe a chat a message, once: returns False when (chat_id, dedup_key) already exists."""
    now = utcnow()
    stmt = (
        dialect_insert(session, table_of(AlertOutbox))
        .values(
            chat_id=chat_id,
            dedup_key=dedup_key,
            kind=kind,
            document_id=document_id,
            match_ids=list(match_ids),
            payload=payload,
            status=OutboxStatus.PENDING.value,
            attempts=0,
            next_attempt_at=next_attempt_at or now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["chat_id", "dedup_key"])
    )
    return inserted(session, stmt)


def claim_due(
    engine: Engine, limit: int, now: datetime, stale_after: timedelta
) -> list[AlertOutbox]:
    """Claim up to `limit` due messages for this worker (status=sending), oldest due first.

    Due means pending with next_attempt_at <= now, or stuck in sending since before
    now - stale_after (its worker died). PostgreSQL: the candidate rows are locked with
    FOR UPDATE SKIP LOCKED, so concurrent workers get disjoint sets; SQLite: one
    UPDATE ... RETURNING inside BEGIN IMMEDIATE, which takes the single write lock first.
    """
    due = or_(
        and_(
            col(AlertOutbox.status) == OutboxStatus.PENDING,
            col(AlertOutbox.next_attempt_at) <= now,
        ),
        and_(
            col(AlertOutbox.status) == OutboxStatus.SENDING,
            col(AlertOutbox.claimed_at) <= now - stale_after,
        ),
    )
    candidates = (
        select(col(AlertOutbox.id))
        .where(due)
        .order_by(col(AlertOutbox.next_attempt_at), col(AlertOutbox.id))
        .limit(limit)
    )
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        candidates = candidates.with_for_update(skip_locked=True)
    claim = (
        update(AlertOutbox)
        .where(col(AlertOutbox.id).in_(candidates.scalar_subquery()))
        .values(status=OutboxStatus.SENDING.value, claimed_at=now)
        .returning(AlertOutbox)
        .execution_options(synchronize_session=False)
    )
    with Session(engine, expire_on_commit=False) as session:
        if not postgres:
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        rows = list(session.scalars(claim))
        session.commit()
    rows.sort(key=lambda row: (row.next_attempt_at, row.id or 0))
    return rows


def mark_sent(session: Session, outbox_id: int, message_id: int | None) -> None:
    """Record that the message went out (Telegram's message id, if any)."""
    session.execute(
        update(AlertOutbox)
        .where(col(AlertOutbox.id) == outbox_id)
        .values(
            status=OutboxStatus.SENT.value,
            telegram_message_id=message_id,
            sent_at=utcnow(),
            claimed_at=None,
            last_error=None,
        )
    )


def mark_retry(
    session: Session,
    outbox_id: int,
    error: str,
    next_attempt_at: datetime,
    max_attempts: int = MAX_ATTEMPTS,
) -> str:
    """Count a failed attempt; retry at `next_attempt_at`, or FAILED after `max_attempts`.

    Returns the new status.
    """
    row = session.get(AlertOutbox, outbox_id, populate_existing=True, with_for_update=True)
    if row is None:
        raise KeyError(f"no outbox row {outbox_id}")
    row.attempts += 1
    row.last_error = error[:2000]
    row.claimed_at = None
    if row.attempts >= max_attempts:
        row.status = OutboxStatus.FAILED
    else:
        row.status = OutboxStatus.PENDING
        row.next_attempt_at = next_attempt_at
    session.add(row)
    session.flush()
    return str(row.status)


def mark_dropped(session: Session, outbox_id: int, reason: str) -> None:
    """Give up on a message for good (the chat blocked us, the message is obsolete)."""
    session.execute(
        update(AlertOutbox)
        .where(col(AlertOutbox.id) == outbox_id)
        .values(status=OutboxStatus.DROPPED.value, last_error=reason[:2000], claimed_at=None)
    )


def pending_count(session: Session, chat_id: int | None = None) -> int:
    """Messages not yet delivered nor given up (pending or being sent), for one chat or all."""
    stmt = (
        select(func.count())
        .select_from(AlertOutbox)
        .where(col(AlertOutbox.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    )
    if chat_id is not None:
        stmt = stmt.where(col(AlertOutbox.chat_id) == chat_id)
    return int(session.scalar(stmt) or 0)
