"""Documents: stored once, grouped into stories, and the pipeline's progress marks on each.

Functions that take a Session flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlmodel import Session, col

from storage.models import Document
from storage.statements import dialect_insert, table_of

__all__ = [
    "NewDocument",
    "StoredDocument",
    "find_document",
    "from_signed64",
    "insert_document",
    "mark_fanned_out",
    "mark_scanned",
    "recent_fingerprints",
    "story_documents",
    "to_signed64",
    "unfinished_document_ids",
]

_TWO_63 = 1 << 63
_TWO_64 = 1 << 64


def to_signed64(value: int) -> int:
    """An unsigned 64-bit simhash as the signed integer a BIGINT column holds."""
    return value - _TWO_64 if value >= _TWO_63 else value


def from_signed64(value: int) -> int:
    """The unsigned 64-bit simhash back from its BIGINT form."""
    return value + _TWO_64 if value < 0 else value


@dataclass(frozen=True, slots=True)
class NewDocument:
    """What the pipeline stores for an incoming document (URL already canonical)."""

    canonical_url: str | None
    content_hash: str
    url: str | None
    title: str | None
    text: str
    source_id: int | None
    source_label: str
    published_at: datetime | None
    received_at: datetime
    simhash: int | None  # unsigned 64-bit


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """The parts of a stored document the pipeline steps need."""

    id: int
    story_id: int
    text: str
    scanned_at: datetime | None
    fanned_out_at: datetime | None

    @classmethod
    def of(cls, row: Document) -> StoredDocument:
        """Copy a row out of its session."""
        assert row.id is not None
        return cls(row.id, row.story_id or row.id, row.text, row.scanned_at, row.fanned_out_at)


def find_document(
    session: Session, canonical_url: str | None, content_hash: str
) -> Document | None:
    """The stored document with this canonical URL or this content hash, if any."""
    condition = col(Document.content_hash) == content_hash
    if canonical_url is not None:
        condition = or_(condition, col(Document.canonical_url) == canonical_url)
    stmt = select(Document).where(condition).order_by(col(Document.id)).limit(1)
    return session.scalars(stmt).first()


def insert_document(session: Session, new: NewDocument, story_id: int | None) -> Document | None:
    """Insert a document unless its URL or content hash is already stored (then None).

    `story_id` None starts a new story: the document's own id.
    """
    table = table_of(Document)
    stmt = (
        dialect_insert(session, table)
        .values(
            canonical_url=new.canonical_url,
            content_hash=new.content_hash,
            url=new.url,
            title=new.title,
            text=new.text,
            source_id=new.source_id,
            source_label=new.source_label,
            published_at=new.published_at,
            received_at=new.received_at,
            story_id=story_id,
            simhash=None if new.simhash is None else to_signed64(new.simhash),
        )
        .on_conflict_do_nothing()
        .returning(table.c.id)
    )
    doc_id = session.execute(stmt).scalar()
    if doc_id is None:
        return None
    if story_id is None:
        session.execute(update(table).where(table.c.id == doc_id).values(story_id=doc_id))
    session.flush()
    return session.get(Document, doc_id, populate_existing=True)


def recent_fingerprints(
    session: Session, limit: int, *, after_id: int = 0
) -> list[tuple[int, int, int]]:
    """(unsigned simhash, story id, id) of the last `limit` documents after `after_id`, in order."""
    stmt = (
        select(col(Document.simhash), col(Document.story_id), col(Document.id))
        .where(col(Document.simhash).is_not(None), col(Document.id) > after_id)
        .order_by(col(Document.id).desc())
        .limit(limit)
    )
    rows = [(from_signed64(h), s or i, i) for h, s, i in session.execute(stmt)]
    rows.reverse()
    return rows


def mark_scanned(session: Session, document_id: int, at: datetime) -> None:
    """Record that the document's matches are stored."""
    session.execute(update(Document).where(col(Document.id) == document_id).values(scanned_at=at))


def mark_fanned_out(session: Session, document_id: int, at: datetime) -> None:
    """Record that the document's alerts and digest entries are written."""
    session.execute(
        update(Document).where(col(Document.id) == document_id).values(fanned_out_at=at)
    )


def unfinished_document_ids(session: Session) -> list[int]:
    """Ids of documents stored but not yet scanned or not yet fanned out, oldest first."""
    stmt = (
        select(col(Document.id))
        .where(col(Document.fanned_out_at).is_(None))
        .order_by(col(Document.id))
    )
    return list(session.scalars(stmt))


def story_documents(session: Session, story_id: int) -> list[Document]:
    """Every document of a story, first one first (for an alert's "also in")."""
    stmt = select(Document).where(col(Document.story_id) == story_id).order_by(col(Document.id))
    return list(session.scalars(stmt))
