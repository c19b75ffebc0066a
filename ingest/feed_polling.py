"""One round of feed polling: claim the due feeds, poll them, hand over entries, record."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from ingest.documents import DocumentHandler
from ingest.feeds import FeedResult, PollStatus, poll_feed
from ingest.limits import FetchLimits
from storage.sources import FeedState, due_feeds, record_poll_error, record_poll_success

__all__ = ["PollRoundReport", "poll_due_feeds"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PollRoundReport:
    """Counts of one round, and the error of each failed feed by id."""

    polled: int = 0
    not_modified: int = 0
    documents: int = 0
    errors: dict[int, str] = field(default_factory=dict)


async def poll_due_feeds(
    engine: Engine,
    client: httpx.AsyncClient,
    handle: DocumentHandler,
    *,
    now: datetime,
    limits: FetchLimits,
    batch: int = 100,
    concurrency: int = 20,
) -> PollRoundReport:
    """Poll up to `batch` due feeds, `concurrency` at a time; each feed's outcome is recorded.

    A feed's validators (ETag, Last-Modified) are saved only after `handle` took all its
    entries, so entries that failed to store are fetched again on the next poll.
    """
    with Session(engine) as session:
        feeds = due_feeds(session, now, batch)
    report = PollRoundReport()
    gate = asyncio.Semaphore(concurrency)

    async def one(feed: FeedState) -> None:
        async with gate:
            result = await poll_feed(client, feed, limits=limits)
        error = result.error
        if result.status is PollStatus.NEW:
            error = await _hand_over(feed, result, handle)
        report.polled += 1
        if error is not None:
            report.errors[feed.id] = error
            log.info("feed %s (%s): %s", feed.id, feed.url, error)
            await asyncio.to_thread(_record_error, engine, feed.id, error, now)
            return
        if result.status is PollStatus.NOT_MODIFIED:
            report.not_modified += 1
        report.documents += len(result.documents)
        await asyncio.to_thread(_record_success, engine, feed.id, result, now)

    await asyncio.gather(*(one(feed) for feed in feeds))
    return report


async def _hand_over(feed: FeedState, result: FeedResult, handle: DocumentHandler) -> str | None:
    for doc in result.documents:
        try:
            await handle(doc)
        except Exception as exc:  # one feed's storage failure must not stop the round
            log.exception("feed %s: storing an entry failed", feed.id)
            return f"entries could not be stored ({type(exc).__name__}); will retry"
    return None


def _record_error(engine: Engine, feed_id: int, reason: str, now: datetime) -> None:
    with Session(engine) as session:
        record_poll_error(session, feed_id, reason, now)


def _record_success(engine: Engine, feed_id: int, result: FeedResult, now: datetime) -> None:
    with Session(engine) as session:
        record_poll_success(
            session,
            feed_id,
            now=now,
            etag=result.etag,
            last_modified=result.last_modified,
            title=result.title,
            warning=result.warning,
        )
