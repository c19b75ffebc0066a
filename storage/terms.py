"""Watch terms: the names each chat watches, and who watches a given name.

Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import Session, col

from storage.models import Chat, WatchTerm
from storage.statements import affected, dialect_insert, inserted, table_of
from storage.types import utcnow

__all__ = [
    "IN_CHUNK",
    "add_watch",
    "all_terms",
    "chats_watching",
    "count_watches",
    "list_watches",
    "rekey_watches",
    "remove_watch",
]

# Bound parameters per IN (...): well under SQLite's 32,766 and PostgreSQL's 65,535 limits.
IN_CHUNK = 5_000


def add_watch(
    session: Session, chat_id: int, text: str, normalised: str, entity_key: str | None = None
) -> tuple[WatchTerm, bool]:
    """Add a term to a chat's watch list; returns the term and whether it was new."""
    stmt = (
        dialect_insert(session, table_of(WatchTerm))
        .values(
            chat_id=chat_id,
            text=text,
            normalised=normalised,
            entity_key=entity_key,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["chat_id", "normalised"])
    )
    created = inserted(session, stmt)
    term = session.scalars(
        select(WatchTerm).where(
            col(WatchTerm.chat_id) == chat_id, col(WatchTerm.normalised) == normalised
        )
    ).one()
    return term, created


def remove_watch(session: Session, chat_id: int, normalised: str) -> bool:
    """Remove a term from a chat's watch list; returns whether it was there."""
    result = session.execute(
        delete(WatchTerm).where(
            col(WatchTerm.chat_id) == chat_id, col(WatchTerm.normalised) == normalised
        )
    )
    return affected(result) > 0


def list_watches(
    session: Session, chat_id: int, offset: int = 0, limit: int = 50
) -> list[WatchTerm]:
    """One page of a chat's terms, oldest first."""
    stmt = (
        select(WatchTerm)
        .where(col(WatchTerm.chat_id) == chat_id)
        .order_by(col(WatchTerm.created_at), col(WatchTerm.id))
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def count_watches(session: Session, chat_id: int) -> int:
    """How many terms a chat watches."""
    stmt = select(func.count()).select_from(WatchTerm).where(col(WatchTerm.chat_id) == chat_id)
    return int(session.scalar(stmt) or 0)


def chats_watching(
    session: Session, normalised_terms: Collection[str], *, active_only: bool = True
) -> dict[str, list[int]]:
    """For each of these terms that somebody watches, the ids of the chats watching it."""
    watchers: dict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(set(normalised_terms)), IN_CHUNK):
        stmt = select(col(WatchTerm.normalised), col(WatchTerm.chat_id)).where(
            col(WatchTerm.normalised).in_(chunk)
        )
        if active_only:
            stmt = stmt.join(Chat, col(Chat.id) == col(WatchTerm.chat_id)).where(
                col(Chat.active).is_(True)
            )
        for term, chat_id in session.execute(stmt.order_by(col(WatchTerm.chat_id))):
            watchers[term].append(chat_id)
    return dict(watchers)


def all_terms(session: Session, *, active_only: bool = True) -> set[str]:
    """Every distinct normalised term watched (by active chats, unless told otherwise)."""
    stmt = select(col(WatchTerm.normalised)).distinct()
    if active_only:
        stmt = stmt.join(Chat, col(Chat.id) == col(WatchTerm.chat_id)).where(
            col(Chat.active).is_(True)
        )
    return set(session.scalars(stmt))


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rekey_watches(
    session: Session, normalise: Callable[[str], str], containing: Sequence[str]
) -> int:
    """Store the key `normalise` now gives for every term whose text holds one of `containing`;
    returns how many changed.

    For a change in how terms are normalised ("Marks & Spencer" was stored as "marks spencer"
    before "&" was kept; it is now "marks & spencer"): the service re-normalises typed texts
    when it starts, and a stored key that no longer equals its text's would route that term's
    alerts to no one. Only texts holding one of `containing` are read, in one query, so a start
    with a million terms stays quick.
    """
    text = col(WatchTerm.text)
    rows = session.execute(
        select(col(WatchTerm.id), text, col(WatchTerm.normalised)).where(
            or_(*(text.contains(mark, autoescape=True) for mark in containing))
        )
    ).all()
    changed = 0
    for term_id, text, old in rows:
        try:
            new = normalise(text)
        except ValueError:
            continue  # no key at all now: keep the old one rather than lose the row
        if new != old:
            session.execute(
                update(WatchTerm).where(col(WatchTerm.id) == term_id).values(normalised=new)
            )
            changed += 1
    return changed
