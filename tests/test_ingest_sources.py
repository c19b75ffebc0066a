"""storage.sources on SQLite and PostgreSQL; a polling round where bad feeds spare good ones."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from ingest_server import LoopbackServer, send
from sqlalchemy import Engine
from sqlmodel import Session

from ingest.feeds import PollStatus, poll_feed
from ingest.http_fetch import create_http_client
from ingest.limits import FetchLimits
from storage.models import Chat, Source
from storage.sources import (
    MAX_BACKOFF,
    FeedExistsError,
    add_feed,
    backoff_delay,
    due_feeds,
    feeds_for_chat,
    record_poll_error,
    record_poll_success,
    remove_feed,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("interval", "errors", "expected"),
    [
        (900, 0, timedelta(seconds=900)),
        (900, 1, timedelta(seconds=1800)),
        (900, 3, timedelta(seconds=7200)),
        (900, 10, MAX_BACKOFF),
        (900, 500, MAX_BACKOFF),
        (86400, 2, timedelta(days=1)),  # never shorter than the feed's own interval
    ],
)
def test_backoff_doubles_per_error_and_is_capped(
    interval: int, errors: int, expected: timedelta
) -> None:
    assert backoff_delay(interval, errors) == expected


def _chat(session: Session, chat_id: int) -> None:
    session.add(Chat(id=chat_id))
    session.commit()


def test_add_list_remove(engine: Engine) -> None:
    with Session(engine) as session:
        _chat(session, 42)
        _chat(session, 43)
        first = add_feed(session, " https://example.org/rss ", 42, 600, now=NOW)
        add_feed(session, "https://example.net/atom", 43, 900, now=NOW)
        assert first.url == "https://example.org/rss" and first.next_poll_at == NOW
        with pytest.raises(FeedExistsError):
            add_feed(session, "https://example.org/rss", 43, 600, now=NOW)
        with pytest.raises(ValueError, match="must start with http"):
            add_feed(session, "file:///etc/passwd", 42, 600, now=NOW)
        assert [s.url for s in feeds_for_chat(session, 42)] == ["https://example.org/rss"]
        assert first.id is not None
        assert not remove_feed(session, first.id, owner_chat_id=43)  # not theirs
        assert remove_feed(session, first.id, owner_chat_id=42)
        assert feeds_for_chat(session, 42) == []


def test_due_feeds_claims_and_records(engine: Engine) -> None:
    with Session(engine) as session:
        _chat(session, 42)
        a = add_feed(session, "https://a.example/rss", 42, 600, now=NOW)
        b = add_feed(session, "https://b.example/rss", 42, 600, now=NOW + timedelta(seconds=1))
        add_feed(session, "https://c.example/rss", 42, 600, now=NOW + timedelta(hours=1))
        assert a.id is not None and b.id is not None
        due = due_feeds(session, NOW + timedelta(seconds=5), 10)
        assert [f.url for f in due] == ["https://a.example/rss", "https://b.example/rss"]
        # Claimed: a second tick while they are being polled does not get them again.
        assert due_feeds(session, NOW + timedelta(seconds=6), 10) == []

        record_poll_success(session, a.id, now=NOW, etag='"e"', last_modified="Mon", title="A news")
        record_poll_error(session, b.id, "not a feed: the server sent an HTML page", NOW)
        record_poll_error(session, b.id, "HTTP 500 Internal Server Error", NOW)
        session.expire_all()
        row_a, row_b = session.get(Source, a.id), session.get(Source, b.id)
        assert row_a is not None and row_b is not None
        assert (row_a.etag, row_a.last_modified, row_a.title) == ('"e"', "Mon", "A news")
        assert row_a.next_poll_at == NOW + timedelta(seconds=600)
        assert (row_b.error_count, row_b.last_error) == (2, "HTTP 500 Internal Server Error")
        assert row_b.next_poll_at == NOW + timedelta(seconds=2400)
        record_poll_success(session, b.id, now=NOW, etag=None, last_modified=None)
        session.expire_all()
        row_b = session.get(Source, b.id)
        assert row_b is not None and (row_b.error_count, row_b.last_error) == (0, None)


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    good = (
        b'<rss version="2.0"><channel><title>Good</title><item><title>Ok</title>'
        b"<link>http://example.org/ok</link><description>"
        + b"Fine text. " * 50
        + b"</description></item></channel></rss>"
    )
    srv.routes["/good"] = lambda h: send(h, 200, good, "application/rss+xml")
    srv.routes["/html"] = lambda h: send(h, 200, b"<html><body>x</body></html>", "text/html")
    srv.routes["/bomb"] = lambda h: send(
        h, 200, b'<!DOCTYPE r [<!ENTITY a "&b;&b;">]><rss version="2.0"/>', "text/xml"
    )
    yield srv
    srv.close()


async def test_a_round_records_each_feeds_outcome_for_its_owner(
    engine: Engine, server: LoopbackServer
) -> None:
    """The loop the scheduler runs: bad feeds get `last_error`, the good one's entries flow."""
    limits = FetchLimits(max_bytes=100_000, read_timeout=2, total_timeout=5)
    with Session(engine) as session:
        _chat(session, 42)
        for path in ("/html", "/good", "/bomb"):
            add_feed(session, server.url(path), 42, 900, now=NOW)
        due = due_feeds(session, NOW, 10)
    received = []
    async with create_http_client(limits, allow_private=True) as client:
        results = await asyncio.gather(*(poll_feed(client, f, limits=limits) for f in due))
    with Session(engine) as session:
        for state, result in zip(due, results, strict=True):
            if result.status is PollStatus.ERROR:
                record_poll_error(session, state.id, result.error or "", NOW)
            else:
                received.extend(result.documents)
                record_poll_success(
                    session,
                    state.id,
                    now=NOW,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    title=result.title,
                )
        shown = {s.url.rsplit("/", 1)[1]: s for s in feeds_for_chat(session, 42)}
    assert [d.title for d in received] == ["Ok"]
    assert shown["good"].last_error is None and shown["good"].title == "Good"
    assert shown["html"].error_count == 1
    assert "not a feed: the server sent an HTML page" in (shown["html"].last_error or "")
    assert "XML entities" in (shown["bomb"].last_error or "")


@pytest.mark.postgres
def test_two_instances_never_claim_the_same_feed(postgres_url: str) -> None:
    """While one instance holds its claim open, another gets only the other feeds."""
    from sqlalchemy import text

    from storage.db import create_db_engine
    from storage.migrate import upgrade

    upgrade(postgres_url)
    engine = create_db_engine(postgres_url)
    try:
        with Session(engine) as session:
            _chat(session, 42)
            for name in ("a", "b", "c"):
                add_feed(session, f"https://{name}.example/rss", 42, 600, now=NOW)
        with engine.connect() as first:  # its transaction begins with the first statement
            held = first.execute(
                text("SELECT url FROM sources WHERE url LIKE 'https://a%' FOR UPDATE")
            ).all()
            assert len(held) == 1
            with Session(engine) as session:
                claimed = due_feeds(session, NOW, 10)
            first.rollback()
        assert sorted(f.url for f in claimed) == ["https://b.example/rss", "https://c.example/rss"]
    finally:
        engine.dispose()
