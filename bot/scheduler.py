"""Every periodic job, on python-telegram-bot's JobQueue (APScheduler 3) and nothing else.

Schedules live in our tables (chats.digest_time/timezone, sources.next_poll_at) and the jobs
are rebuilt from them at start-up: PTB jobs cannot be stored. Every job is idempotent (it
works from what the database says is due) and catches and logs its own errors, so one bad
feed, chat or document never stops a job or the scheduler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session
from telegram.ext import Application, Job, JobQueue

from bot.services import Services
from ingest.list_download import LIST_NAMES
from storage.models import Chat

__all__ = [
    "FEED_BATCH",
    "FEED_CONCURRENCY",
    "FEED_TICK",
    "LIST_CHANGES_INTERVAL",
    "digest_job_name",
    "digest_time_of",
    "install_jobs",
    "poll_due_feeds",
    "reschedule_digest",
    "update_installed_lists",
]

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
AnyJobQueue = JobQueue[Any]
JobCallback = Callable[[Any], Coroutine[Any, Any, None]]

# Seconds between two looks for due feeds; each feed keeps its own interval in `sources`.
FEED_TICK = 5
# Feeds fetched at once, and claimed per tick.
FEED_CONCURRENCY = 4
FEED_BATCH = 16
# Seconds between two looks for list changes to announce (a list update also triggers one).
LIST_CHANGES_INTERVAL = 60
# Seconds after start-up of the first list download on a database with no list installed.
FIRST_LISTS_UPDATE = 60


def install_jobs(application: AnyApp, services: Services) -> list[str]:
    """Schedule every job (feeds, inbox, outbox, list changes, digests, list update).

    Returns the names of the jobs installed.
    """
    queue = application.job_queue
    if queue is None:
        raise RuntimeError(
            "the Application has no JobQueue (install python-telegram-bot[job-queue])"
        )
    settings = services.settings
    jobs = _Jobs(application, services)
    queue.run_repeating(_guard("feeds", jobs.feeds), FEED_TICK, first=1, name="feeds")
    queue.run_repeating(_guard("inbox", jobs.inbox), settings.inbox_interval, first=2, name="inbox")
    queue.run_repeating(
        _guard("outbox", jobs.outbox), settings.outbox_interval, first=1, name="outbox"
    )
    queue.run_repeating(
        _guard("list_changes", jobs.list_changes),
        LIST_CHANGES_INTERVAL,
        first=10,
        name="list_changes",
    )
    if settings.lists_update_at is not None:
        hour, minute = (int(part) for part in settings.lists_update_at.split(":"))
        queue.run_daily(
            _guard("lists_update", jobs.lists_update),
            time(hour, minute, tzinfo=ZoneInfo("UTC")),
            name="lists_update",
        )
        with Session(services.engine) as session:
            from storage.lists_repo import list_info

            fresh = all(list_info(session, name) is None for name in LIST_NAMES)
        if fresh:
            # A new deployment matches against the bundled seeds until its first update:
            # fetch the real lists soon after start rather than at the next daily hour.
            queue.run_once(
                _guard("lists_update", jobs.lists_update), FIRST_LISTS_UPDATE, name="lists_first"
            )
    with Session(services.engine) as session:
        from storage.chats import chats_with_digest

        chats = chats_with_digest(session)
    for chat in chats:
        reschedule_digest(queue, chat, services)
    names = sorted({job.name or "" for job in queue.jobs()})
    log.info("jobs installed: %d digests, %s", len(chats), ", ".join(names[:8]))
    return names


def digest_job_name(chat_id: int) -> str:
    """The name of a chat's daily digest job."""
    return f"digest:{chat_id}"


def digest_time_of(chat: Chat) -> time | None:
    """The chat's digest time as an aware local time, or None when it has no digest.

    An unknown time zone (it can only come from an old or hand-edited row) falls back to UTC.
    """
    if not chat.digest_time or not chat.active:
        return None
    hour, minute = (int(part) for part in chat.digest_time.split(":"))
    try:
        zone = ZoneInfo(chat.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("chat %s has unknown time zone %r; digest at UTC", chat.id, chat.timezone)
        zone = ZoneInfo("UTC")
    return time(hour, minute, tzinfo=zone)


def reschedule_digest(
    job_queue: AnyJobQueue, chat: Chat, services: Services | None = None
) -> Job[Any] | None:
    """(Re)schedule a chat's daily digest after /digest or /timezone changed it; None when off.

    `run_daily` with an aware `time` fires at that local wall-clock time every day, across
    daylight-saving changes (APScheduler's cron trigger in the chat's zone).
    """
    name = digest_job_name(chat.id)
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    at = digest_time_of(chat)
    if at is None:
        return None
    chat_id = chat.id

    async def digest(context: Any) -> None:
        from bot.delivery import send_digest

        found = services or _services_of(context)
        await send_digest(context.application, chat_id, found.clock())

    return job_queue.run_daily(_guard(name, digest), at, name=name, chat_id=chat_id)


def _services_of(context: Any) -> Services:
    from bot.context import SERVICES_KEY

    services = context.application.bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    return services


def _guard(name: str, work: JobCallback) -> JobCallback:
    """Run a job body, logging (never raising) what it throws: the next run tries again."""

    async def job(context: Any) -> None:
        try:
            await work(context)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("job %s failed; it runs again at its next time", name)

    job.__name__ = f"job_{name.replace(':', '_')}"
    return job


class _Jobs:
    """The bodies of the service-wide jobs, bound to the application and services."""

    def __init__(self, application: AnyApp, services: Services) -> None:
        self._application = application
        self._services = services

    async def feeds(self, _context: Any) -> None:
        await poll_due_feeds(self._services)

    async def inbox(self, _context: Any) -> None:
        from ingest.inbox import scan_inbox

        services = self._services
        await scan_inbox(
            services.settings.inbox,
            services.pipeline.ingest,
            max_bytes=services.settings.max_document_bytes,
        )

    async def outbox(self, _context: Any) -> None:
        from bot.delivery import deliver_due

        await deliver_due(self._application)

    async def list_changes(self, _context: Any) -> None:
        from bot.delivery import notify_list_changes

        await notify_list_changes(self._application)

    async def lists_update(self, context: Any) -> None:
        services = self._services
        if await update_installed_lists(services):
            await services.matcher.reload_lists(services.engine)
            await self.list_changes(context)


async def update_installed_lists(services: Services) -> int:
    """Download each installed list (conditional GET) and install the changed ones.

    When no list is installed yet, all of them are downloaded: a new deployment gets the
    real lists. Otherwise lists never installed are left alone (an operator who loaded
    only some lists keeps only those). A list that fails to download, parse or store keeps
    its previous version. Returns how many lists were replaced.
    """
    with Session(services.engine) as session:
        from storage.lists_repo import list_info

        installed = [(n, info) for n in LIST_NAMES if (info := list_info(session, n)) is not None]
        validators = {n: (info.etag, info.last_modified) for n, info in installed}
    if not installed:
        validators = dict.fromkeys(LIST_NAMES, (None, None))
    replaced = 0
    for name, (etag, modified) in validators.items():
        try:
            replaced += await _update_list(services, name, etag, modified)
        except Exception:
            log.exception("list %s: update failed; previous version kept", name)
    return replaced


async def _update_list(
    services: Services, name: str, etag: str | None, modified: str | None
) -> int:
    from ingest.list_download import download_list, list_urls
    from storage.lists_repo import UPDATE_MAX_REMOVED_FRACTION, replace_list
    from watchlists.parsers import parse_list

    settings = services.settings
    downloaded = await download_list(
        name,
        list_urls(name, settings.lists_urls),
        etag=etag,
        last_modified=modified,
        allow_private=settings.allow_private_urls,
    )
    if downloaded.not_modified:
        log.info("list %s: not modified", name)
        return 0
    snapshot = await asyncio.to_thread(parse_list, downloaded.files)
    if snapshot.list_name != name:
        raise ValueError(f"the file downloaded for {name} holds the {snapshot.list_name} list")
    summary = await asyncio.to_thread(
        replace_list,
        services.engine,
        snapshot,
        etag=downloaded.etag,
        last_modified=downloaded.last_modified,
        # A truncated or wrong publication must not delist half a list unattended.
        max_removed_fraction=UPDATE_MAX_REMOVED_FRACTION,
    )
    log.info(
        "list %s updated: %d entities, %d added, %d removed",
        name, summary.entities, len(summary.added), len(summary.removed),
    )  # fmt: skip
    return 1


async def poll_due_feeds(services: Services, *, limit: int = FEED_BATCH) -> int:
    """Poll the feeds that are due (a few at once) and hand their entries to the pipeline.

    Returns how many feeds were polled. A feed that fails is recorded with its error and
    backs off; the others carry on.
    """
    from ingest.http_fetch import create_http_client
    from ingest.limits import FetchLimits
    from storage.sources import due_feeds

    def claim() -> list[Any]:
        with Session(services.engine) as session:
            return list(due_feeds(session, services.clock(), limit))

    # Database work runs in a worker thread, like the pipeline's, so the bot keeps answering.
    due = await asyncio.to_thread(claim)
    if not due:
        return 0
    limits = FetchLimits(max_bytes=services.settings.max_document_bytes)
    gate = asyncio.Semaphore(FEED_CONCURRENCY)
    async with create_http_client(
        limits, allow_private=services.settings.allow_private_urls
    ) as client:

        async def one(feed: Any) -> None:
            async with gate:
                try:
                    await _poll_one(services, client, feed, limits)
                except Exception as exc:  # one bad feed never stops the others
                    log.exception("feed %s (%s) failed", feed.id, feed.url)
                    await _record_error(services, feed.id, f"internal error: {exc!r}")

        await asyncio.gather(*(one(feed) for feed in due))
    return len(due)


async def _poll_one(services: Services, client: Any, feed: Any, limits: Any) -> None:
    from ingest.feeds import PollStatus, poll_feed
    from storage.sources import record_poll_success

    result = await poll_feed(client, feed, limits=limits)
    if result.status is PollStatus.ERROR:
        await _record_error(services, feed.id, result.error or "unknown error")
        return
    failures = 0
    for document in result.documents:
        try:
            await services.pipeline.ingest(document)
        except Exception:
            failures += 1
            log.exception("feed %s: a document failed in the pipeline (%s)", feed.id, document.url)
    if failures:
        # No validators kept: the next poll reads the whole feed again and retries these
        # (the documents that went through come back as duplicates and cost nothing).
        await _record_error(services, feed.id, f"{failures} document(s) failed in the pipeline")
        return

    def record() -> None:
        with Session(services.engine) as session:
            record_poll_success(
                session,
                feed.id,
                now=services.clock(),
                etag=result.etag,
                last_modified=result.last_modified,
                title=result.title,
                warning=result.warning,
            )

    await asyncio.to_thread(record)


async def _record_error(services: Services, feed_id: int, reason: str) -> None:
    from storage.sources import record_poll_error

    def record() -> None:
        with Session(services.engine) as session:
            record_poll_error(session, feed_id, reason, services.clock())

    await asyncio.to_thread(record)
