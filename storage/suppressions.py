"""Suppressions: "not relevant" marks, a target matched by a given text, per chat.

`matched` is stored casefolded and compared casefolded. Functions flush but never
commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlmodel import Session, col

from storage.models import Suppression
from storage.statements import affected, dialect_insert, inserted, table_of
from storage.terms import IN_CHUNK
from storage.types import utcnow

__all__ = ["is_suppressed", "suppress", "suppressed_pairs", "unsuppress"]


def suppress(session: Session, chat_id: int, target: str, matched: str) -> bool:
    """Stop alerting a chat about `target` when the document says `matched`; True if new."""
    stmt = (
        dialect_insert(session, table_of(Suppression))
        .values(chat_id=chat_id, target=target, matched=matched.casefold(), created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["chat_id", "target", "matched"])
    )
    return inserted(session, stmt)


def unsuppress(session: Session, chat_id: int, target: str, matched: str) -> bool:
    """Undo `suppress`; returns whether the pairing was suppressed."""
    result = session.execute(
        delete(Suppression).where(
            col(Suppression.chat_id) == chat_id,
            col(Suppression.target) == target,
            col(Suppression.matched) == matched.casefold(),
        )
    )
    return affected(result) > 0


def is_suppressed(session: Session, chat_id: int, target: str, matched: str) -> bool:
    """Whether the chat marked this target, matched by this text, as not relevant."""
    stmt = select(col(Suppression.id)).where(
        col(Suppression.chat_id) == chat_id,
        col(Suppression.target) == target,
        col(Suppression.matched) == matched.casefold(),
    )
    return session.scalar(stmt.limit(1)) is not None


def suppressed_pairs(session: Session, chat_ids: Collection[int]) -> set[tuple[int, str, str]]:
    """All (chat_id, target, casefolded matched) suppressions of these chats."""
    ids = sorted(set(chat_ids))
    pairs: set[tuple[int, str, str]] = set()
    for start in range(0, len(ids), IN_CHUNK):
        stmt = select(
            col(Suppression.chat_id), col(Suppression.target), col(Suppression.matched)
        ).where(col(Suppression.chat_id).in_(ids[start : start + IN_CHUNK]))
        pairs.update((c, t, m) for c, t, m in session.execute(stmt))
    return pairs
