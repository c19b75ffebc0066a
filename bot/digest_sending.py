"""The daily digest and list-change notices: rendered once, owed through the outbox, sent once."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col
from telegram.ext import Application

from bot.alert_texts import ListChangeView, render_digest, render_list_changes
from bot.alert_views import digest_groups
from bot.context import SERVICES_KEY
from bot.delivery_holds import safe_zone
from bot.outbox_sending import FloodPause, Payload, deliver_one
from bot.services import Services
from storage.chats import sanctions_subscribers
from storage.digests import mark_digested, pending_digest
from storage.lists_repo import recent_changes
from storage.models import AlertOutbox, Chat, ListChange, ListEntityRow, OutboxStatus
from storage.outbox import enqueue

__all__ = ["CHANGES_WINDOW", "digest_key", "notify_list_changes", "send_digest"]

AnyApp = Application[Any, Any, Any, Any, Any, Any]

# List changes older than this are not announced (a chat that turns sanctions on later
# does not get a week of history in one message).
CHANGES_WINDOW = timedelta(days=2)


def _services(application: AnyApp) -> Services:
    services = application.bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    return services


def digest_key(local_day: str, entry_ids: list[int]) -> str:
    """The outbox key of a digest: the chat's local date and the exact entries it holds.

    Running the digest twice for the same entries yields the same key, so the outbox refuses
    the second; entries that arrive after a digest went out make a new one (`/digest now`
    at noon, then the scheduled one in the evening).
    """
    digest = hashlib.sha1(",".join(map(str, sorted(entry_ids))).encode()).hexdigest()[:12]
    return f"digest:{local_day}:{digest}"


async def send_digest(application: AnyApp, chat_id: int, now: datetime) -> bool:
    """Send a chat its digest of held matches now; False when nothing was sent.

    Nothing is sent when nothing is held. The entries are marked digested in the same
    transaction that records the send, so a failed send keeps them for the retry.
    """
    services = _services(application)
    engine = services.engine
    with Session(engine) as session:
        chat = session.get(Chat, chat_id)
        if chat is None or not chat.active:
            return False
        items = pending_digest(session, chat_id)
        groups = digest_groups(session, chat_id, items)
        zone = chat.timezone
    entry_ids = [item.entry.id for item in items if item.entry.id is not None]
    if not groups:
        if entry_ids:
            # Every held match was marked not relevant since: nothing to say about them.
            with Session(engine) as session, session.begin():
                mark_digested(session, chat_id, entry_ids, now)
        return False
    local_day = now.astimezone(safe_zone(zone)).date().isoformat()
    payload = Payload(tuple(render_digest(groups, local_day)), (), tuple(entry_ids))
    key = digest_key(local_day, entry_ids)
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if not enqueue(
            session, chat_id, key, "digest", payload=payload.to_json(), next_attempt_at=now
        ):
            return False  # this very digest is already owed or sent
        # Claimed in the same transaction: no outbox worker can take it from under us.
        session.execute(
            update(AlertOutbox)
            .where(col(AlertOutbox.chat_id) == chat_id, col(AlertOutbox.dedup_key) == key)
            .values(status=OutboxStatus.SENDING.value, claimed_at=now)
        )
        row = session.scalars(
            select(AlertOutbox).where(
                col(AlertOutbox.chat_id) == chat_id, col(AlertOutbox.dedup_key) == key
            )
        ).one()
    try:
        return await deliver_one(application, services, row)
    except FloodPause:
        return False  # rescheduled; the outbox job sends it when Telegram allows


def _last_announced(session: Session, chat_ids: list[int]) -> dict[int, int]:
    """For each chat, the highest list-change id already owed to it ("changes:<lo>-<hi>")."""
    stmt = select(col(AlertOutbox.chat_id), col(AlertOutbox.dedup_key)).where(
        col(AlertOutbox.kind) == "list_change", col(AlertOutbox.chat_id).in_(chat_ids)
    )
    last: dict[int, int] = {}
    for chat_id, key in session.execute(stmt):
        high = key.rpartition("-")[2]
        if high.isdigit():
            last[chat_id] = max(last.get(chat_id, 0), int(high))
    return last


def _views(session: Session, changes: list[ListChange]) -> list[ListChangeView]:
    keys = sorted({c.entity_key for c in changes})
    urls = {
        key: url
        for key, url in session.execute(
            select(col(ListEntityRow.key), col(ListEntityRow.url)).where(
                col(ListEntityRow.key).in_(keys)
            )
        )
    }
    return [
        ListChangeView(
            c.change, c.name, c.list_name, c.entity_key.partition(":")[2], urls.get(c.entity_key)
        )
        for c in changes
    ]


async def notify_list_changes(application: AnyApp) -> int:
    """Owe each chat with sanctions alerts on one notice of the list changes it has not had.

    Returns how many notices were enqueued; the outbox job sends them (mutes and quiet
    hours hold them like alerts). Each change is announced to a chat once: the notice's
    key names the range of change ids it covers.
    """
    services = _services(application)
    now = services.clock()
    with Session(services.engine) as session, session.begin():
        changes = [c for c in recent_changes(session, now - CHANGES_WINDOW) if c.id is not None]
        if not changes:
            return 0
        chats = sanctions_subscribers(session, "on")
        if not chats:
            return 0
        last = _last_announced(session, chats)
        views = {c.id: v for c, v in zip(changes, _views(session, changes), strict=True)}
        owed = 0
        for chat_id in chats:
            new = [c for c in changes if (c.id or 0) > last.get(chat_id, 0)]
            if not new:
                continue
            texts = render_list_changes(views[c.id] for c in new)
            key = f"changes:{new[0].id}-{new[-1].id}"
            payload = Payload(tuple(texts)).to_json()
            owed += enqueue(
                session, chat_id, key, "list_change", payload=payload, next_attempt_at=now
            )
    return owed
