"""The scheduler: jobs rebuilt from our tables, digests at local hours, feeds polled safely."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ingest_server import LoopbackServer, send
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from telegram.ext import ApplicationBuilder, ContextTypes
from telegram_harness import build_application, running_emulator

from bot.context import WatchbotContext
from bot.matching_state import MatcherState
from bot.pipeline import Pipeline
from bot.scheduler import (
    FEED_TICK,
    _guard,
    digest_job_name,
    install_jobs,
    poll_due_feeds,
    reschedule_digest,
)
from bot.services import Services
from bot.settings import Settings
from ingest.documents import IncomingDocument
from ingest.list_download import LIST_NAMES
from storage.chats import update_chat_settings, upsert_chat
from storage.models import AlertOutbox, Chat, Document, Source
from storage.sources import add_feed
from storage.terms import add_watch
from watchlists.matcher import Matcher

TOKEN = "123456:ABCDEFGHIJ"
NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # the day before Europe's clocks go forward

STORY = (
    "Iran's Quds Force commander Qasem Soleimani visited Moscow in July, officials said on "
    "Friday, in a trip that broke a United Nations travel ban. He met senior Russian officials "
    "to discuss the war in Syria and the delivery of missile systems, according to two regional "
    "sources. The Kremlin declined to comment on the report. Analysts said the visit showed how "
    "closely Tehran and Moscow now coordinate their military plans in the region, and that more "
    "meetings were expected before the end of the year, with further visits already planned."
)
OTHER = STORY.replace("Qasem Soleimani", "a senior general").replace("Moscow", "Ankara") + (
    " A completely different set of words follows here so this is a separate story entirely, "
    "about farming subsidies, river levels, school exams and the price of bread in spring."
)


def _rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>t</title><link>{link}</link><description>{text}</description></item>"
        for link, text in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A loopback HTTP server: /good serves an RSS feed, /broken serves invalid XML."""
    body = _rss([("http://127.0.0.1/a", STORY), ("http://127.0.0.1/b", OTHER)])
    server = LoopbackServer()
    server.routes["/good"] = lambda h: send(h, 200, body, "application/rss+xml", {"ETag": '"v1"'})
    server.routes["/broken"] = lambda h: send(h, 200, b"this is no feed at all", "text/plain")
    try:
        yield server.url("")
    finally:
        server.close()


# Nothing listens on port 9 of loopback: a job that fires during a test fails there
# instead of reaching the official list publishers or Telegram.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def services(engine: Engine, tmp_path: Path) -> Services:
    """Services on the test database with seedless matcher (watch terms only)."""
    state = MatcherState(Matcher())
    clock = lambda: NOW  # noqa: E731
    settings = Settings(
        allow_private_urls=True,
        inbox=tmp_path / "inbox",
        inbox_interval=7,
        outbox_interval=3,
        lists_update_at="04:00",
        lists_urls={name: f"{NOWHERE}/{name}" for name in LIST_NAMES},
    )
    return Services(settings, engine, state, Pipeline(engine, state, clock), clock)


@pytest.fixture
async def application(services: Services) -> AsyncIterator[Any]:
    """A real PTB Application (never connected) with its JobQueue started."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{NOWHERE}/bot")
        .context_types(ContextTypes(context=WatchbotContext))
        .updater(None)
        .build()
    )
    WatchbotContext.attach(app, services)
    assert app.job_queue is not None
    await app.job_queue.start()
    try:
        yield app
    finally:
        await app.job_queue.stop(wait=False)


def _chat(engine: Engine, chat_id: int, **settings: Any) -> Chat:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        upsert_chat(session, chat_id, "private", None)
        return update_chat_settings(session, chat_id, **settings)


def _next_run(app: Any, name: str) -> datetime:
    jobs = app.job_queue.get_jobs_by_name(name)
    assert len(jobs) == 1, [j.name for j in app.job_queue.jobs()]
    next_t = jobs[0].next_t
    assert next_t is not None
    return next_t  # type: ignore[no-any-return]


async def test_install_jobs_rebuilds_schedules_from_tables(
    engine: Engine, services: Services, application: Any
) -> None:
    _chat(engine, 1, timezone="Europe/Berlin", digest_time="08:30")
    _chat(engine, 2, timezone="America/New_York", digest_time="18:00")
    _chat(engine, 3, digest_time=None)
    _chat(engine, 4, digest_time="09:00")
    with Session(engine) as session, session.begin():
        from storage.chats import mark_chat_inactive

        mark_chat_inactive(session, 4, "blocked")

    names = install_jobs(application, services)

    assert names == [
        "digest:1", "digest:2", "feeds", "inbox", "list_changes", "lists_first", "lists_update",
        "outbox",
    ]  # fmt: skip
    queue = application.job_queue
    assert queue.get_jobs_by_name("inbox")[0].job.trigger.interval == timedelta(seconds=7)
    assert queue.get_jobs_by_name("outbox")[0].job.trigger.interval == timedelta(seconds=3)
    assert queue.get_jobs_by_name("feeds")[0].job.trigger.interval == timedelta(seconds=FEED_TICK)
    berlin = _next_run(application, "digest:1").astimezone(ZoneInfo("Europe/Berlin"))
    assert (berlin.hour, berlin.minute) == (8, 30)
    new_york = _next_run(application, "digest:2").astimezone(ZoneInfo("America/New_York"))
    assert (new_york.hour, new_york.minute) == (18, 0)
    update = _next_run(application, "lists_update").astimezone(UTC)
    assert (update.hour, update.minute) == (4, 0)


async def test_first_list_download_only_on_a_database_without_lists(
    engine: Engine, services: Services, application: Any
) -> None:
    from ingest.list_files import read_list_paths, seed_lists_dir
    from storage.lists_repo import replace_list

    (snapshot,) = read_list_paths([seed_lists_dir() / "un"])
    replace_list(engine, snapshot)
    names = install_jobs(application, services)
    assert "lists_update" in names and "lists_first" not in names


async def test_digest_fires_at_local_hour_across_daylight_saving(
    engine: Engine, services: Services, application: Any
) -> None:
    chat = _chat(engine, 1, timezone="Europe/Berlin", digest_time="08:30")
    job = reschedule_digest(application.job_queue, chat, services)
    assert job is not None
    trigger = job.job.trigger
    # Saturday 28 March 2026 is CET (UTC+1); Sunday 29 March is CEST (UTC+2).
    first = trigger.get_next_fire_time(None, datetime(2026, 3, 28, 0, 0, tzinfo=UTC))
    second = trigger.get_next_fire_time(first, first + timedelta(minutes=1))
    assert first.astimezone(UTC) == datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(2026, 3, 29, 6, 30, tzinfo=UTC)


async def test_reschedule_digest_replaces_and_removes(
    engine: Engine, services: Services, application: Any
) -> None:
    chat = _chat(engine, 1, timezone="Asia/Tokyo", digest_time="07:00")
    reschedule_digest(application.job_queue, chat, services)
    chat = _chat(engine, 1, digest_time="21:15")
    reschedule_digest(application.job_queue, chat, services)
    tokyo = _next_run(application, digest_job_name(1)).astimezone(ZoneInfo("Asia/Tokyo"))
    assert (tokyo.hour, tokyo.minute) == (21, 15)

    chat = _chat(engine, 1, digest_time=None)
    assert reschedule_digest(application.job_queue, chat, services) is None
    assert application.job_queue.get_jobs_by_name(digest_job_name(1)) == ()

    bad = _chat(engine, 2, timezone="Mars/Olympus", digest_time="10:00")
    reschedule_digest(application.job_queue, bad, services)
    utc = _next_run(application, digest_job_name(2)).astimezone(UTC)
    assert (utc.hour, utc.minute) == (10, 0)


async def test_poll_due_feeds_feeds_pipeline_and_isolates_bad_feed(
    engine: Engine, services: Services, feed_server: str
) -> None:
    _chat(engine, 1)
    with Session(engine) as session, session.begin():
        add_watch(session, 1, "Soleimani", "soleimani")
    services.matcher.add_term("Soleimani")
    with Session(engine, expire_on_commit=False) as session:
        broken = add_feed(session, f"{feed_server}/broken", None, 300, now=NOW)
        closed = add_feed(session, "http://127.0.0.1:9/nothing-listens", None, 300, now=NOW)
        good = add_feed(session, f"{feed_server}/good", None, 300, now=NOW)

    assert await poll_due_feeds(services) == 3

    with Session(engine) as session:
        docs = session.scalars(select(Document).order_by(col(Document.id))).all()
        assert [d.url for d in docs] == ["http://127.0.0.1/a", "http://127.0.0.1/b"]
        assert docs[0].source_id == good.id and docs[0].source_label == "Loopback News"
        assert all(d.fanned_out_at is not None for d in docs)
        outbox = session.scalars(select(AlertOutbox)).all()
        assert [(o.chat_id, o.document_id) for o in outbox] == [(1, docs[0].id)]
        states = {s.id: s for s in session.scalars(select(Source))}
        assert states[good.id].error_count == 0 and states[good.id].etag == '"v1"'
        assert states[good.id].next_poll_at == NOW + timedelta(seconds=300)
        for bad in (broken, closed):
            assert states[bad.id].error_count == 1 and states[bad.id].last_error
            assert states[bad.id].next_poll_at is not None and states[bad.id].next_poll_at > NOW

    # Nothing is due any more: a second tick polls nothing and adds nothing.
    assert await poll_due_feeds(services) == 0


async def test_guarded_job_logs_instead_of_raising(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    async def boom(_context: Any) -> None:
        calls.append(1)
        raise RuntimeError("feed exploded")

    guarded = _guard("feeds", boom)
    with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
        await guarded(None)
        await guarded(None)
    assert len(calls) == 2
    assert "job feeds failed" in caplog.text and "feed exploded" in caplog.text


async def test_digest_job_runs_delivery_for_its_chat(engine: Engine, services: Services) -> None:
    """The digest job sends its chat the digest of its held matches (through the emulator).

    The job body is guarded and PTB's Job.run hands errors to the error handlers, so only
    the digest arriving shows that the job did its work.
    """
    async with running_emulator() as emu:
        user = emu.add_user("Dana", started=True)
        chat = _chat(
            engine, user.id, timezone="Europe/Berlin", digest_time="08:30", alert_mode="digest"
        )
        with Session(engine) as session, session.begin():
            add_watch(session, user.id, "Soleimani", "soleimani")
        services.matcher.add_term("Soleimani")
        await services.pipeline.ingest(
            IncomingDocument(STORY, title="Moscow visit", url="http://127.0.0.1/a")
        )
        app = (
            build_application(emu)
            .context_types(ContextTypes(context=WatchbotContext))
            .updater(None)
            .build()
        )
        WatchbotContext.attach(app, services)
        async with app:
            job = reschedule_digest(app.job_queue, chat, services)
            assert job is not None
            await job.run(app)
            digest = await emu.wait_for_message(user, lambda m: (m.text or "").startswith("📰"))
    assert "Soleimani" in (digest.text or "") and "Moscow visit" in (digest.text or "")


@pytest.fixture
def list_server() -> Iterator[str]:
    """A loopback list publisher: the seed UN list with one person renamed, ETag "v2"."""
    from ingest.list_files import seed_lists_dir

    xml = (seed_lists_dir() / "un" / "consolidated.xml").read_bytes()
    renamed = xml.replace(b"<FIRST_NAME>ERIC</FIRST_NAME>", b"<FIRST_NAME>ZORBLAX</FIRST_NAME>")
    renamed = renamed.replace(b"<SECOND_NAME>BADEGE<", b"<SECOND_NAME>QUINTAVIUS<")
    assert renamed != xml

    def publish(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == '"v2"':
            send(handler, 304, b"", "application/xml")
        else:
            send(handler, 200, renamed, "application/xml", {"ETag": '"v2"'})

    server = LoopbackServer()
    server.routes["/consolidated.xml"] = publish
    try:
        yield server.url("/consolidated.xml")
    finally:
        server.close()


async def test_daily_list_update_installs_changes_and_reloads_matcher(
    engine: Engine, list_server: str
) -> None:
    from bot.scheduler import update_installed_lists
    from ingest.list_files import read_list_paths, seed_lists_dir
    from storage.lists_repo import replace_list

    (snapshot,) = read_list_paths([seed_lists_dir() / "un"])
    replace_list(engine, snapshot)
    state = MatcherState.load(engine)
    assert state.source == "installed lists"
    text = "Talks with Zorblax Quintavius ended without agreement, officials said."
    assert not [m for m in state.scan(text) if m.kind == "sanction"]
    settings = Settings(allow_private_urls=True, lists_urls={"un": list_server})
    services = Services(settings, engine, state, Pipeline(engine, state), lambda: NOW)

    assert await update_installed_lists(services) == 1
    await state.reload_lists(engine)
    found = [m for m in state.scan(text) if m.kind == "sanction"]
    assert found and found[0].refs == ("un:CDi.001",)
    # The next day the publisher answers 304: nothing is downloaded or replaced.
    assert await update_installed_lists(services) == 0


async def test_a_database_without_lists_downloads_every_list(
    engine: Engine, list_server: str
) -> None:
    from bot.scheduler import update_installed_lists
    from storage.lists_repo import list_status

    state = MatcherState(Matcher())
    urls = dict.fromkeys(("un", "ofac", "uk", "opensanctions"), list_server)
    settings = Settings(allow_private_urls=True, lists_urls=urls)
    services = Services(settings, engine, state, Pipeline(engine, state), lambda: NOW)
    # Every list is asked for; the publisher serves the UN file for all of them, so only
    # the UN list installs and the three others fail with their previous (no) version kept.
    assert await update_installed_lists(services) == 1
    assert [row["list"] for row in list_status(engine)] == ["un"]
