"""Queries that look back over stored matches and documents for one chat (/recent, /stats, /export).

Functions take a Session and only read; "a chat's matches" are the stored matches whose target
is one of the chat's watch terms (or an entity it watches with all aliases).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlmodel import Session, col

from storage.models import Document, MatchRow, WatchTerm

__all__ = [
    "MatchLine",
    "chat_targets",
    "containing_statement",
    "documents_containing",
    "iter_chat_matches",
    "match_times",
    "recent_matches",
]

# Characters of document text read around a match for the snippet.
_CONTEXT = 120


@dataclass(frozen=True, slots=True)
class MatchLine:
    """One stored match with what a reply shows of its document."""

    match_id: int
    kind: str
    target: str
    name: str
    matched: str
    score: float
    how: str
    refs: tuple[str, ...]
    created_at: datetime
    document_id: int
    title: str | None
    url: str | None
    source: str | None
    published_at: datetime | None
    before: str
    after: str


def chat_targets(session: Session, chat_id: int) -> dict[str, str]:
    """The match targets of a chat's terms (normalised key or entity key) -> the term as typed."""
    targets: dict[str, str] = {}
    rows = session.execute(
        select(col(WatchTerm.normalised), col(WatchTerm.entity_key), col(WatchTerm.text)).where(
            col(WatchTerm.chat_id) == chat_id
        )
    )
    for normalised, entity_key, text in rows:
        targets[normalised] = text
        if entity_key:
            targets[entity_key] = text
    return targets


def _matches_stmt(targets: Collection[str]) -> Select[MatchRow, Document]:
    return (
        select(MatchRow, Document)
        .join(Document, col(Document.id) == col(MatchRow.document_id))
        .where(col(MatchRow.target).in_(sorted(targets)))
    )


def recent_matches(
    session: Session, targets: Collection[str], limit: int = 10, *, context: int = _CONTEXT
) -> list[MatchLine]:
    """The latest matches on these targets, newest first, one per document."""
    if not targets:
        return []
    # Over-fetch, then keep the first match of each document: a story names a person often.
    stmt = _matches_stmt(targets).order_by(col(MatchRow.id).desc()).limit(limit * 5)
    lines: list[MatchLine] = []
    seen: set[int] = set()
    for match, document in session.execute(stmt):
        if match.document_id in seen:
            continue
        seen.add(match.document_id)
        lines.append(_line(match, document, context))
        if len(lines) >= limit:
            break
    return lines


def iter_chat_matches(
    session: Session, targets: Collection[str], limit: int = 100_000
) -> Iterator[MatchLine]:
    """Every match on these targets, oldest first, at most `limit` (for CSV export)."""
    if not targets:
        return
    stmt = _matches_stmt(targets).order_by(col(MatchRow.id)).limit(limit)
    for match, document in session.execute(stmt.execution_options(yield_per=500)):
        yield _line(match, document, 60)


def match_times(
    session: Session, targets: Collection[str], since: datetime
) -> list[tuple[int, datetime]]:
    """(document id, when) of each document matching these targets since `since`.

    "When" is the document's publication time, or when we received it if it has none.
    """
    if not targets:
        return []
    stmt = (
        select(col(Document.id), col(Document.published_at), col(Document.received_at))
        .join(MatchRow, col(MatchRow.document_id) == col(Document.id))
        .where(col(MatchRow.target).in_(sorted(targets)), col(Document.received_at) >= since)
        .distinct()
    )
    rows = []
    for doc_id, published, received in session.execute(stmt):
        moment = published or received
        if moment >= since:
            rows.append((int(doc_id), moment))
    return rows


def documents_containing(
    session: Session, words: Collection[str], since: datetime, limit: int = 5000
) -> list[tuple[int, str, str]]:
    """(id, title, text) of documents received since `since` whose title or text holds any word.

    A cheap case-insensitive pre-filter; the caller confirms on the folded text.
    """
    if not words:
        return []
    stmt = containing_statement(session.get_bind().dialect.name, words, since, limit)
    return [(int(i), t or "", x) for i, t, x in session.execute(stmt)]


def containing_statement(
    dialect: str, words: Collection[str], since: datetime, limit: int = 5000
) -> Select[int | None, str | None, str]:
    """The query of `documents_containing` for a dialect (apart, so a test can EXPLAIN it)."""
    # The words are folded (lower-case ASCII), so ASCII case folding is enough: SQLite's LIKE
    # does just that without ilike's lower() over every document; PostgreSQL's ILIKE under the
    # "C" collation too, in any database locale, and the pg_trgm indexes of revision 0002 are
    # built on the same expression, so they answer it.
    conditions = []
    for word in words:
        pattern = f"%{_escape_like(word)}%"
        for column in (col(Document.text), col(Document.title)):
            if dialect == "sqlite":
                conditions.append(column.like(pattern, escape="\\"))
            else:
                conditions.append(column.collate("C").ilike(pattern, escape="\\"))
    return (
        select(col(Document.id), col(Document.title), col(Document.text))
        .where(col(Document.received_at) >= since, or_(*conditions))
        .order_by(col(Document.id).desc())
        .limit(limit)
    )


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _line(match: MatchRow, document: Document, context: int) -> MatchLine:
    text = document.text
    return MatchLine(
        match_id=int(match.id or 0),
        kind=match.kind,
        target=match.target,
        name=match.name,
        matched=match.text,
        score=match.score,
        how=match.how,
        refs=tuple(match.refs),
        created_at=match.created_at,
        document_id=match.document_id,
        title=document.title,
        url=document.url,
        source=document.source_label,
        published_at=document.published_at,
        before=text[max(0, match.start - context) : match.start],
        after=text[match.end : match.end + context],
    )
