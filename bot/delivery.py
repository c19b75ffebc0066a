"""Delivery: send what the outbox owes, record each outcome, never loop and never send twice.

Guarantee: at-least-once with de-duplication. The outbox has one row per (chat, dedup key),
so a story can be owed to a chat only once; a row is claimed (status=sending) before it is
sent and marked sent right after Telegram answers, inside a task shielded from
cancellation, so a graceful stop never leaves a sent message unrecorded. The one window
left is a hard crash (kill -9, power loss) between Telegram's answer and the commit of
`mark_sent`, a few milliseconds: the row stays `sending` and is claimed again after
`STALE_AFTER`, so the alert is sent again rather than lost. We chose a rare duplicate over
a silently lost sanctions alert; Telegram offers no idempotency key to close the window.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session, col
from telegram.ext import Application

from bot.context import SERVICES_KEY
from bot.digest_sending import notify_list_changes, send_digest
from bot.outbox_sending import MAX_ATTEMPTS, FloodPause, Payload, backoff, deliver_one
from bot.services import Services
from storage.models import AlertOutbox, OutboxStatus
from storage.outbox import claim_due

__all__ = [
    "BATCH_SIZE",
    "CONCURRENCY",
    "MAX_ATTEMPTS",
    "STALE_AFTER",
    "Payload",
    "backoff",
    "deliver_due",
    "deliver_rows",
    "drain",
    "notify_list_changes",
    "send_digest",
]

log = logging.getLogger(__name__)

BATCH_SIZE = 200
# Sends in flight at once; the rate limiter, not this, keeps us under Telegram's limits.
CONCURRENCY = 16
STALE_AFTER = timedelta(minutes=5)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
_IN_FLIGHT_KEY = "delivery.in_flight"
_STOPPING_KEY = "delivery.stopping"


def _services(application: AnyApp) -> Services:
    services = application.bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    return services


async def deliver_due(
    application: AnyApp, limit: int = BATCH_SIZE, concurrency: int = CONCURRENCY
) -> int:
    """Claim due outbox rows and send them; returns how many messages were delivered."""
    services = _services(application)
    now = services.clock()
    rows = claim_due(services.engine, limit, now, STALE_AFTER)
    if not rows:
        return 0
    return await deliver_rows(application, rows, concurrency)


def _in_flight(application: AnyApp) -> set[asyncio.Task[bool]]:
    tasks: set[asyncio.Task[bool]] = application.bot_data.setdefault(_IN_FLIGHT_KEY, set())
    return tasks


async def drain(application: AnyApp, timeout: float = 30.0) -> None:
    """Start no new send, and wait for those in flight to finish and be recorded.

    Called before the Application stops: a delivery job still running releases the rows it
    has not started, so nothing is cut off between Telegram's answer and `mark_sent`.
    """
    application.bot_data[_STOPPING_KEY] = True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (tasks := list(_in_flight(application))) and loop.time() < deadline:
        await asyncio.wait(tasks, timeout=deadline - loop.time())


async def deliver_rows(
    application: AnyApp, rows: list[AlertOutbox], concurrency: int = CONCURRENCY
) -> int:
    """Send rows this worker has claimed, a few at a time; release the rest on a pause."""
    services = _services(application)
    gate = asyncio.Semaphore(concurrency)
    pause: list[datetime] = []
    delivered = 0
    started: set[int] = set()
    in_flight = _in_flight(application)

    async def one(row: AlertOutbox) -> None:
        nonlocal delivered
        async with gate:
            if pause or application.bot_data.get(_STOPPING_KEY):
                return
            started.add(row.id or 0)
            # Shielded: once a send starts, its outcome is recorded even if we are cancelled;
            # `drain` lets a graceful stop wait for it.
            task = asyncio.ensure_future(deliver_one(application, services, row))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            try:
                if await asyncio.shield(task):
                    delivered += 1
            except FloodPause as stop:
                pause.append(stop.until)

    try:
        await asyncio.gather(*(one(row) for row in rows))
    finally:
        unstarted = [r.id for r in rows if r.id is not None and r.id not in started]
        if unstarted:
            resume = max(pause) if pause else services.clock()
            _release(services.engine, unstarted, resume)
    return delivered


def _release(engine: Engine, ids: list[int], at: datetime) -> None:
    """Give claimed rows back, due at `at`, without counting an attempt."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(AlertOutbox)
            .where(col(AlertOutbox.id).in_(ids), col(AlertOutbox.status) == OutboxStatus.SENDING)
            .values(status=OutboxStatus.PENDING.value, next_attempt_at=at, claimed_at=None)
        )
