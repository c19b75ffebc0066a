"""Matches of a document, and the pipeline's fan-out writes: alerts owed and digest entries.

All writes are INSERT ... ON CONFLICT DO NOTHING against the unique keys of the tables, so a
step that runs again after a crash adds nothing twice. Functions flush but never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Table, literal, select
from sqlmodel import Session, col

from storage.models import (
    AlertOutbox,
    Chat,
    DigestEntry,
    MatchRow,
    OutboxStatus,
    SanctionsMode,
    Suppression,
    WatchTerm,
)
from storage.statements import dialect_insert, table_of
from storage.types import UtcDateTime

__all__ = [
    "Audience",
    "NewMatch",
    "add_alerts",
    "add_digest_entries",
    "document_matches",
    "entity_audience",
    "insert_matches",
    "sanctions_audience",
    "suppressed_pairs",
    "watch_audience",
]

# Keeps every IN (...) list far below SQLite's and PostgreSQL's bound-parameter limits.
_CHUNK = 500
# Chat ids per INSERT ... SELECT (plain integers: cheap to bind).
_ID_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class NewMatch:
    """One mention as it is stored."""

    start: int
    end: int
    text: str
    kind: str
    target: str
    refs: tuple[str, ...]
    name: str
    score: float
    band: str
    how: str


@dataclass(frozen=True, slots=True)
class Audience:
    """A chat that may hear of a match, and the mode that decides how."""

    chat_id: int
    mode: str  # AlertMode for watch terms, SanctionsMode for sanctions


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_matches(
    session: Session, document_id: int, matches: Sequence[NewMatch], at: datetime
) -> int:
    """Store a document's matches, skipping spans already stored; returns how many were new."""
    table = table_of(MatchRow)
    added = 0
    for chunk in _chunks(matches):
        values = [
            {
                "document_id": document_id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "kind": m.kind,
                "target": m.target,
                "refs": list(m.refs),
                "name": m.name,
                "score": m.score,
                "band": m.band,
                "how": m.how,
                "created_at": at,
            }
            for m in chunk
        ]
        added += len(session.execute(_insert_or_ignore(session, table, "id"), values).all())
    session.flush()
    return added


def document_matches(session: Session, document_id: int) -> list[MatchRow]:
    """The stored matches of a document, in text order."""
    stmt = (
        select(MatchRow)
        .where(col(MatchRow.document_id) == document_id)
        .order_by(col(MatchRow.start), col(MatchRow.id))
    )
    return list(session.scalars(stmt))


def watch_audience(session: Session, targets: Iterable[str]) -> dict[str, list[Audience]]:
    """For each watch-term key, the active chats watching it with their alert mode."""
    return _audience(session, col(WatchTerm.normalised), targets)


def entity_audience(session: Session, targets: Iterable[str]) -> dict[str, list[Audience]]:
    """For each entity cluster, the active chats watching it with all its aliases (alert mode)."""
    return _audience(session, col(WatchTerm.entity_key), targets)


def _audience(session: Session, key: Any, targets: Iterable[str]) -> dict[str, list[Audience]]:
    """Active chats by the watch-term column `key` (a term key or an entity cluster)."""
    found: dict[str, list[Audience]] = defaultdict(list)
    for chunk in _chunks(sorted(set(targets))):
        stmt = (
            select(key, col(Chat.id), col(Chat.alert_mode))
            .join(Chat, col(Chat.id) == col(WatchTerm.chat_id))
            .where(key.in_(chunk), col(Chat.active).is_(True))
            .distinct()
            .order_by(col(Chat.id))
        )
        for value, chat_id, mode in session.execute(stmt):
            found[value].append(Audience(chat_id, mode))
    return dict(found)


def sanctions_audience(session: Session) -> list[Audience]:
    """Active chats that hear of sanctioned entities, with their sanctions mode."""
    stmt = (
        select(col(Chat.id), col(Chat.sanctions_mode))
        .where(col(Chat.active).is_(True), col(Chat.sanctions_mode) != SanctionsMode.OFF.value)
        .order_by(col(Chat.id))
    )
    return [Audience(chat_id, mode) for chat_id, mode in session.execute(stmt)]


def suppressed_pairs(session: Session, targets: Iterable[str]) -> set[tuple[int, str, str]]:
    """(chat, target, casefolded matched text) pairings marked "not relevant" for these targets.

    Looked up by target, not by chat: a document has a handful of targets but may reach
    thousands of chats, and suppressions are few.
    """
    pairs: set[tuple[int, str, str]] = set()
    for chunk in _chunks(sorted(set(targets))):
        stmt = select(
            col(Suppression.chat_id), col(Suppression.target), col(Suppression.matched)
        ).where(col(Suppression.target).in_(chunk))
        pairs.update((c, t, m) for c, t, m in session.execute(stmt))
    return pairs


def add_alerts(
    session: Session,
    alerts: dict[int, list[int]],
    dedup_key: str,
    document_id: int,
    at: datetime,
) -> list[int]:
    """Owe each chat one alert under `dedup_key`; returns the chats whose row is new.

    A chat that already has a row under that key (the story alerted before, from another
    outlet or an earlier run of this step) gets nothing more.
    """
    table = table_of(AlertOutbox)
    by_matches: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for chat_id, owed in alerts.items():
        by_matches[tuple(sorted(set(owed)))].append(chat_id)
    added: list[int] = []
    # One INSERT ... SELECT per set of matches: the rows are built by the database, so a
    # story that reaches thousands of chats costs a few statements, not a Python loop.
    for match_ids, chat_ids in by_matches.items():
        for chunk in _chunks(sorted(chat_ids), _ID_CHUNK):
            rows = select(
                col(Chat.id),
                literal("alert", String),
                literal(dedup_key, String),
                literal(document_id, Integer),
                literal(list(match_ids), JSON),
                literal(OutboxStatus.PENDING.value, String),
                literal(0, Integer),
                literal(at, UtcDateTime),
                literal(at, UtcDateTime),
            ).where(col(Chat.id).in_(chunk))
            stmt = (
                dialect_insert(session, table)
                .from_select(
                    [
                        "chat_id",
                        "kind",
                        "dedup_key",
                        "document_id",
                        "match_ids",
                        "status",
                        "attempts",
                        "next_attempt_at",
                        "created_at",
                    ],
                    rows,
                )  # fmt: skip
                .on_conflict_do_nothing()
                .returning(table.c.chat_id)
            )
            added.extend(session.scalars(stmt).all())
    session.flush()
    return sorted(added)


def add_digest_entries(
    session: Session, entries: Iterable[tuple[int, int, str]], document_id: int, at: datetime
) -> int:
    """Hold (chat, match id, target) entries for the next digests; returns how many are new."""
    table = table_of(DigestEntry)
    by_match: dict[tuple[int, str], list[int]] = defaultdict(list)
    for chat_id, match_id, target in set(entries):
        by_match[(match_id, target)].append(chat_id)
    added = 0
    for (match_id, target), chat_ids in sorted(by_match.items()):
        for chunk in _chunks(sorted(chat_ids), _ID_CHUNK):
            rows = select(
                col(Chat.id),
                literal(match_id, Integer),
                literal(document_id, Integer),
                literal(target, String),
                literal(at, UtcDateTime),
            ).where(col(Chat.id).in_(chunk))
            stmt = (
                dialect_insert(session, table)
                .from_select(["chat_id", "match_id", "document_id", "target", "created_at"], rows)
                .on_conflict_do_nothing()
                .returning(table.c.id)
            )
            added += len(session.execute(stmt).all())
    session.flush()
    return added


def _insert_or_ignore(session: Session, table: Table, returning: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING one column, for executemany.

    Run with a list of parameter sets, SQLAlchemy batches it into few multi-row statements
    ("insertmanyvalues") compiled once and cached; only the rows inserted come back.
    """
    return dialect_insert(session, table).on_conflict_do_nothing().returning(table.c[returning])
