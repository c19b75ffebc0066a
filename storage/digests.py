"""Digest entries: matches held for a chat's next daily digest.

Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from storage.models import DigestEntry, Document, MatchRow
from storage.statements import affected, dialect_insert, inserted, table_of
from storage.types import utcnow

__all__ = ["PendingDigestItem", "add_digest_entry", "mark_digested", "pending_digest"]


@dataclass(frozen=True, slots=True)
class PendingDigestItem:
    """One held match with the match and document it refers to."""

    entry: DigestEntry
    match: MatchRow
    document: Document


def add_digest_entry(
    session: Session, chat_id: int, match_id: int, document_id: int, target: str
) -> bool:
    """Hold a match for a chat's digest, once; returns whether it was new."""
    stmt = (
        dialect_insert(session, table_of(DigestEntry))
        .values(
            chat_id=chat_id,
            match_id=match_id,
            document_id=document_id,
            target=target,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["chat_id", "match_id"])
    )
    return inserted(session, stmt)


def pending_digest(session: Session, chat_id: int) -> list[PendingDigestItem]:
    """A chat's entries not yet digested, in the order the documents arrived."""
    stmt = (
        select(DigestEntry, MatchRow, Document)
        .join(MatchRow, col(MatchRow.id) == col(DigestEntry.match_id))
        .join(Document, col(Document.id) == col(DigestEntry.document_id))
        .where(col(DigestEntry.chat_id) == chat_id, col(DigestEntry.digested_at).is_(None))
        .order_by(
            func.coalesce(col(Document.published_at), col(Document.received_at)),
            col(Document.id),
            col(MatchRow.start),
            col(DigestEntry.id),
        )
    )
    return [PendingDigestItem(e, m, d) for e, m, d in session.execute(stmt)]


def mark_digested(
    session: Session, chat_id: int, entry_ids: Iterable[int], now: datetime | None = None
) -> int:
    """Mark entries as sent in a digest; returns how many were still pending."""
    ids = list(entry_ids)
    if not ids:
        return 0
    result = session.execute(
        update(DigestEntry)
        .where(
            col(DigestEntry.chat_id) == chat_id,
            col(DigestEntry.id).in_(ids),
            col(DigestEntry.digested_at).is_(None),
        )
        .values(digested_at=now or utcnow())
    )
    return affected(result)
