"""Feeds the service polls: adding, listing, choosing the due ones, recording each poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import Source
from storage.types import utcnow

__all__ = [
    "MAX_BACKOFF",
    "FeedExistsError",
    "FeedState",
    "add_feed",
    "backoff_delay",
    "due_feeds",
    "feeds_for_chat",
    "record_poll_error",
    "record_poll_success",
    "remove_feed",
]

MAX_BACKOFF = timedelta(hours=12)
# A claimed feed is not handed out again for this long, unless its poll is recorded sooner.
DEFAULT_LEASE = timedelta(minutes=5)
MAX_ERROR_TEXT = 1000


class FeedExistsError(ValueError):
    """The feed URL is already polled (by this chat or another)."""

    def __init__(self, source: Source) -> None:
        super().__init__(f"feed already added: {source.url}")
        self.source = source


@dataclass(frozen=True, slots=True)
class FeedState:
    """A feed's row as plain values, safe to use after its session has closed."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    interval_seconds: int
    error_count: int
    owner_chat_id: int | None


def backoff_delay(interval_seconds: int, error_count: int) -> timedelta:
    """Wait before the next poll: the interval, doubled per consecutive error, capped."""
    interval = timedelta(seconds=interval_seconds)
    if error_count <= 0:
        return interval
    grown = interval * (1 << min(error_count, 16))
    return max(interval, min(grown, MAX_BACKOFF))


def add_feed(
    session: Session,
    url: str,
    owner_chat_id: int | None,
    interval: int,
    *,
    now: datetime | None = None,
) -> Source:
    """Add a feed, due at once. Raises FeedExistsError when its URL is already polled."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"a feed URL must start with http:// or https://, got {url!r}")
    existing = session.exec(select(Source).where(Source.url == url)).first()
    if existing is not None:
        raise FeedExistsError(existing)
    source = Source(
        kind="feed",
        url=url,
        owner_chat_id=owner_chat_id,
        interval_seconds=interval,
        next_poll_at=now or utcnow(),
    )
    session.add(source)
    session.commit()
    session.refresh(source)
    return source


def remove_feed(session: Session, feed_id: int, owner_chat_id: int | None = None) -> bool:
    """Delete a feed; with `owner_chat_id`, only if that chat owns it. True if deleted."""
    source = session.get(Source, feed_id)
    if source is None or (owner_chat_id is not None and source.owner_chat_id != owner_chat_id):
        return False
    session.delete(source)
    session.commit()
    return True


def feeds_for_chat(session: Session, chat_id: int) -> list[Source]:
    """The feeds a chat added, with their last error, oldest first."""
    query = select(Source).where(Source.owner_chat_id == chat_id).order_by(col(Source.id))
    return list(session.exec(query).all())


def due_feeds(
    session: Session, now: datetime, limit: int, *, lease: timedelta = DEFAULT_LEASE
) -> list[FeedState]:
    """Claim up to `limit` active feeds whose next poll is due, most overdue first.

    Claimed feeds get `next_poll_at = now + lease`, so a second call (another tick of
    the scheduler while these polls run) does not hand them out again; a crash mid-poll
    delays the feed by the lease only. On PostgreSQL, rows another instance is claiming
    at this moment are skipped (FOR UPDATE SKIP LOCKED), so no feed is claimed twice.
    """
    query = (
        select(Source)
        .where(col(Source.active).is_(True))
        .where(or_(col(Source.next_poll_at).is_(None), col(Source.next_poll_at) <= now))
        .order_by(col(Source.next_poll_at).asc().nulls_first(), col(Source.id))
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite has no row locks and ignores this
    )
    rows = list(session.exec(query).all())
    states = [_state(row) for row in rows]
    for row in rows:
        row.next_poll_at = now + lease
    session.commit()
    return states


def record_poll_success(
    session: Session,
    feed_id: int,
    *,
    now: datetime,
    etag: str | None,
    last_modified: str | None,
    title: str | None = None,
    warning: str | None = None,
) -> None:
    """A poll went through: keep the validators, clear errors, schedule the next poll.

    `warning` (entries recovered from broken XML, say) stays visible in `last_error`.
    """
    source = session.get(Source, feed_id)
    if source is None:  # removed while it was being polled
        return
    source.etag = (etag or None) and etag[:512]
    source.last_modified = (last_modified or None) and last_modified[:64]
    if title:
        source.title = title[:512]
    source.error_count = 0
    source.last_error = warning[:MAX_ERROR_TEXT] if warning else None
    source.last_error_at = now if warning else None
    source.last_polled_at = now
    source.next_poll_at = now + backoff_delay(source.interval_seconds, 0)
    session.commit()


def record_poll_error(session: Session, feed_id: int, reason: str, now: datetime) -> None:
    """A poll failed: count it, keep the reason for the owner, back off before the next try."""
    source = session.get(Source, feed_id)
    if source is None:
        return
    source.error_count += 1
    source.last_error = reason[:MAX_ERROR_TEXT]
    source.last_error_at = now
    source.last_polled_at = now
    source.next_poll_at = now + backoff_delay(source.interval_seconds, source.error_count)
    session.commit()


def _state(row: Source) -> FeedState:
    assert row.id is not None
    return FeedState(
        id=row.id,
        url=row.url,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        interval_seconds=row.interval_seconds,
        error_count=row.error_count,
        owner_chat_id=row.owner_chat_id,
    )
