"""Outbox: idempotent enqueue, claiming due rows (stale claims come back), retries, and
concurrent workers that never claim the same row twice."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from storage import chats, outbox
from storage.db import create_db_engine
from storage.models import AlertOutbox, OutboxStatus
from storage.types import utcnow

STALE = timedelta(minutes=5)


@pytest.fixture
def chat(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
    return 1


def _get(engine: Engine, outbox_id: int) -> AlertOutbox:
    with Session(engine) as session:
        row = session.get(AlertOutbox, outbox_id)
        assert row is not None
        return row


def test_enqueue_is_idempotent(engine: Engine, chat: int) -> None:
    with Session(engine) as session, session.begin():
        assert outbox.enqueue(session, chat, "story:7", "alert", match_ids=[3, 4], payload="hi")
        assert not outbox.enqueue(session, chat, "story:7", "alert", payload="other")
        assert outbox.pending_count(session) == 1
        assert outbox.pending_count(session, chat_id=2) == 0
    [row] = outbox.claim_due(engine, 10, utcnow(), STALE)
    assert (row.match_ids, row.payload, row.status) == ([3, 4], "hi", OutboxStatus.SENDING)


def test_claim_takes_due_rows_once_and_stale_claims_come_back(engine: Engine, chat: int) -> None:
    now = utcnow()
    with Session(engine) as session, session.begin():
        outbox.enqueue(session, chat, "later", "alert", next_attempt_at=now + timedelta(hours=1))
        for key in ("b", "a", "c"):
            outbox.enqueue(session, chat, key, "alert", next_attempt_at=now - timedelta(seconds=1))
    first = outbox.claim_due(engine, 2, now, STALE)
    assert [r.dedup_key for r in first] == ["b", "a"]
    assert all(r.claimed_at == now for r in first)
    second = outbox.claim_due(engine, 10, now, STALE)
    assert [r.dedup_key for r in second] == ["c"]
    assert outbox.claim_due(engine, 10, now + timedelta(minutes=1), STALE) == []
    # The worker holding a, b and c died: after stale_after they are claimable again.
    with Session(engine) as session, session.begin():
        outbox.mark_sent(session, first[0].id or 0, 555)
    later = now + STALE + timedelta(seconds=1)
    again = outbox.claim_due(engine, 10, later, STALE)
    assert sorted(r.dedup_key for r in again) == ["a", "c"]
    sent = _get(engine, first[0].id or 0)
    assert (sent.status, sent.telegram_message_id, sent.claimed_at) == ("sent", 555, None)
    with Session(engine) as session:
        assert outbox.pending_count(session, chat) == 3  # a, c sending; "later" pending


def test_retry_then_fail_after_max_attempts_and_drop(engine: Engine, chat: int) -> None:
    now = utcnow()
    with Session(engine) as session, session.begin():
        outbox.enqueue(session, chat, "x", "alert")
        outbox.enqueue(session, chat, "y", "alert")
    now = utcnow()
    rows = outbox.claim_due(engine, 10, now, STALE)
    x_id, y_id = (r.id or 0 for r in rows)
    with Session(engine) as session, session.begin():
        outbox.mark_dropped(session, y_id, "Forbidden: bot was blocked by the user")
    for attempt in (1, 2):
        with Session(engine) as session, session.begin():
            status = outbox.mark_retry(session, x_id, "429", now + timedelta(seconds=attempt), 3)
        assert status == OutboxStatus.PENDING
        row = _get(engine, x_id)
        assert (row.attempts, row.last_error, row.next_attempt_at) == (
            attempt, "429", now + timedelta(seconds=attempt),
        )  # fmt: skip
        assert [r.id for r in outbox.claim_due(engine, 10, now + timedelta(hours=1), STALE)] == [
            x_id
        ]
    with Session(engine) as session, session.begin():
        assert outbox.mark_retry(session, x_id, "500", now, 3) == OutboxStatus.FAILED
    assert _get(engine, x_id).status == OutboxStatus.FAILED
    assert _get(engine, y_id).status == OutboxStatus.DROPPED
    assert outbox.claim_due(engine, 10, now + timedelta(days=1), STALE) == []
    with Session(engine) as session:
        assert outbox.pending_count(session) == 0
        with pytest.raises(KeyError):
            outbox.mark_retry(session, 12345, "x", now)


def test_concurrent_workers_never_claim_a_row_twice(db_url: str, engine: Engine) -> None:
    """Four workers, each with its own engine (own connections), drain 300 rows together."""
    total, workers = 300, 4
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        for i in range(total):
            outbox.enqueue(session, 1, f"story:{i}", "alert")
    now = utcnow()
    claimed: list[list[int]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def work(index: int) -> None:
        worker_engine = create_db_engine(db_url)
        try:
            start.wait()
            while batch := outbox.claim_due(worker_engine, 7, now, STALE):
                claimed[index].extend(row.id or 0 for row in batch)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            worker_engine.dispose()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    every = [row_id for ids in claimed for row_id in ids]
    assert len(every) == total
    assert len(set(every)) == total
    with Session(engine) as session:
        assert outbox.claim_due(engine, 10, now, STALE) == []
        assert outbox.pending_count(session) == total  # all sending
