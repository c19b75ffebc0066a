"""End to end: the real python-telegram-bot stack, our Application and delivery, the emulator.

Each test starts the emulator and the service on a SQLite file in tmp_path, talks to the bot
as a user would (/start, /watch), feeds a document to the pipeline and calls `deliver_due`
itself (jobs off), so each step is deterministic; then asserts on what the user saw.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from telegram_harness import emulator_settings, running_emulator

from bot.delivery import STALE_AFTER, deliver_due
from bot.emulator import TelegramEmulator
from bot.service import build_services, running_service
from bot.services import Services
from ingest.documents import IncomingDocument
from storage.models import AlertOutbox, Chat, ListEntityRow, OutboxStatus, WatchTerm

SEED = Path(__file__).resolve().parents[1] / "seeds" / "documents"
ARTICLE = (
    "Iranian officials told Reuters that Major General Ghasem Soleimani met with senior "
    "Russian officials in Moscow late last month and discussed the delivery of missiles."
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Env:
    emu: TelegramEmulator
    services: Services
    app: Any
    clock: Clock


@asynccontextmanager
async def service(
    emu: TelegramEmulator,
    tmp_path: Path,
    clock: Clock,
    database_url: str | None = None,
    *,
    jobs: bool = False,
) -> AsyncIterator[tuple[Services, Any]]:
    settings = emulator_settings(emu, tmp_path, database_url, inbox_interval=1, outbox_interval=1)
    services = build_services(settings, clock)
    async with running_service(services, jobs=jobs) as app:
        yield services, app


@asynccontextmanager
async def env(tmp_path: Path, **emu_options: Any) -> AsyncIterator[Env]:
    clock = Clock(datetime.now(UTC))
    async with (
        running_emulator(**emu_options) as emu,
        service(emu, tmp_path, clock) as (
            services,
            app,
        ),
    ):
        yield Env(emu, services, app, clock)


async def subscribe(emu: TelegramEmulator, name: str, term: str, chat: Any = None) -> Any:
    """A user opens the bot and watches `term`; returns the user."""
    user = emu.add_user(name)
    emu.send_text(user, chat, "/start")
    await emu.wait_for_message(chat or user)
    emu.send_text(user, chat, f"/watch {term}")
    await emu.wait_for_message(chat or user)
    return user


async def ingest(services: Services, text: str = ARTICLE, title: str | None = None) -> None:
    """A new document (its own URL) goes through the pipeline."""
    slug = hashlib.sha1(f"{title}{text}".encode()).hexdigest()[:12]
    await services.pipeline.ingest(
        IncomingDocument(
            text=text,
            title=title or "Quds commander visited Russia",
            url=f"https://www.rferl.org/a/{slug}.html",
            published=datetime(2015, 8, 7, 12, 0, tzinfo=UTC),
            source_label="RFE/RL",
        )
    )


def outbox(services: Services) -> list[AlertOutbox]:
    with Session(services.engine) as session:
        return list(session.scalars(select(AlertOutbox).order_by(col(AlertOutbox.id))))


def entity_texts(message: Any, kind: str) -> list[str]:
    """The text each entity of `kind` covers (offsets count UTF-16 code units)."""
    data = message.text.encode("utf-16-le")
    return [
        data[2 * x["offset"] : 2 * (x["offset"] + x["length"])].decode("utf-16-le")
        for x in message.entities
        if x["type"] == kind
    ]


def alerts_to(emu: TelegramEmulator, chat: Any) -> list[Any]:
    return [m for m in emu.sent_messages(chat) if m.text and m.text.startswith("🔔")]


async def test_alert_reaches_the_watcher_with_escaped_html_and_buttons(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Ana", "Soleimani")
        await ingest(e.services, title="<b>Soleimani</b> & the S-300 <script>")
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(user, lambda m: m.text.startswith("🔔"))
        # The emulator parsed our HTML as Telegram would: the title's markup arrives as text.
        assert "<b>Soleimani</b> & the S-300 <script>" in alert.text
        assert "Ghasem Soleimani" in alert.text and "RFE/RL" in alert.text
        assert "Soleimani" in entity_texts(alert, "bold")
        assert any(x["type"] == "text_link" for x in alert.entities)
        labels = [b["text"] for row in alert.reply_markup["inline_keyboard"] for b in row]
        assert labels == ["Unwatch", "Not relevant"]
        row = outbox(e.services)[0]
        assert row.status == OutboxStatus.SENT and row.telegram_message_id == alert.message_id
        # Nothing is sent twice: the row is sent, the next pass finds nothing.
        assert await deliver_due(e.app) == 0
        assert len(alerts_to(e.emu, user)) == 1


async def test_not_relevant_button_suppresses_the_pairing(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Ben", "Soleimani")
        await ingest(e.services)
        await deliver_due(e.app)
        alert = await e.emu.wait_for_message(user, lambda m: m.text.startswith("🔔"))
        e.emu.press_button(user, alert, "Not relevant")
        edited = await e.emu.wait_for_call("editMessageReplyMarkup")
        assert edited.ok
        # The same name in another document no longer alerts this chat.
        await ingest(e.services, text=ARTICLE.replace("Moscow", "Tehran"), title="Another story")
        assert await deliver_due(e.app) == 0
        assert len(alerts_to(e.emu, user)) == 1


async def test_unwatch_button_removes_the_term(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Cy", "Soleimani")
        await ingest(e.services)
        await deliver_due(e.app)
        alert = await e.emu.wait_for_message(user, lambda m: m.text.startswith("🔔"))
        e.emu.press_button(user, alert, "Unwatch")
        await e.emu.wait_for_call("editMessageReplyMarkup")
        with Session(e.services.engine) as session:
            assert (
                session.scalars(select(WatchTerm).where(WatchTerm.chat_id == user.id)).all() == []
            )
        assert "soleimani" not in e.services.matcher.terms()


async def test_flood_control_is_honoured_and_delivered_once(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Dee", "Soleimani")
        await ingest(e.services)
        e.emu.faults.rate_limit_next(1, retry_after=7, chat_id=user.id)
        assert await deliver_due(e.app) == 0
        row = outbox(e.services)[0]
        assert row.status == OutboxStatus.PENDING and row.attempts == 0  # not a failure
        assert row.next_attempt_at >= e.clock.now + timedelta(seconds=7)
        assert await deliver_due(e.app) == 0  # not due yet
        e.clock.advance(seconds=8)
        assert await deliver_due(e.app) == 1
        assert len(alerts_to(e.emu, user)) == 1


async def test_forbidden_makes_the_chat_inactive_without_retries(tmp_path: Path) -> None:
    from bot.emulator.errors import forbidden

    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Eve", "Soleimani")
        await ingest(e.services)
        await ingest(e.services, text="Soleimani was seen in Damascus again.", title="Other")
        assert len(outbox(e.services)) == 2
        e.emu.faults.fail_next(forbidden("bot was blocked by the user"), chat_id=user.id)
        assert await deliver_due(e.app, concurrency=1) == 0
        with Session(e.services.engine) as session:
            chat = session.get(Chat, user.id)
            assert chat is not None and not chat.active
        assert {r.status for r in outbox(e.services)} == {OutboxStatus.DROPPED}
        e.clock.advance(hours=2)
        assert await deliver_due(e.app) == 0
        sends = [
            c for c in e.emu.calls("sendMessage") if str(c.chat_id) == str(user.id) and not c.ok
        ]
        assert len(sends) == 1  # one refused send, never retried


async def test_blocking_the_bot_drops_pending_alerts(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Flo", "Soleimani")
        await ingest(e.services)
        e.emu.block_bot(user)  # Telegram tells the bot through a my_chat_member update

        async def inactive() -> bool:
            with Session(e.services.engine) as session:
                chat = session.get(Chat, user.id)
                return chat is not None and not chat.active

        # The update reaches the bot by long polling; wait for its effect (a generous bound
        # that only stops a hang: a loaded machine may take more than a few seconds).
        deadline = asyncio.get_running_loop().time() + 60
        while not await inactive() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        assert await inactive()
        assert [r.status for r in outbox(e.services)] == [OutboxStatus.DROPPED]
        assert await deliver_due(e.app) == 0
        e.emu.unblock_bot(user)
        e.emu.send_text(user, None, "/start")  # writing again makes the chat active again
        await e.emu.wait_for_message(user, lambda m: not m.text.startswith("🔔"))
        assert not await inactive()


async def test_group_migration_is_followed(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        admin = e.emu.add_user("Fay")
        group = e.emu.add_group("Analysts", creator=admin)
        e.emu.send_text(admin, group, "/watch Soleimani")
        await e.emu.wait_for_message(group)
        new = e.emu.migrate_to_supergroup(group, admin)
        await ingest(e.services)
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(new, lambda m: m.text.startswith("🔔"))
        assert "Soleimani" in alert.text
        with Session(e.services.engine) as session:
            old = session.get(Chat, group.id)
            assert old is not None and old.migrated_to == new.id
            assert session.get(Chat, new.id) is not None
        assert [r.chat_id for r in outbox(e.services)] == [new.id]


async def test_bad_html_is_failed_with_reason_not_looped(tmp_path: Path) -> None:
    from bot.emulator.errors import bad_request

    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Gil", "Soleimani")
        await ingest(e.services)
        e.emu.faults.fail_next(bad_request("can't parse entities: boom"), chat_id=user.id)
        assert await deliver_due(e.app) == 0
        row = outbox(e.services)[0]
        assert (
            row.status == OutboxStatus.FAILED
            and "can't parse entities" in (row.last_error or "").lower()
        )
        e.clock.advance(days=1)
        assert await deliver_due(e.app) == 0


async def test_network_errors_back_off_then_fail(tmp_path: Path) -> None:
    from bot.delivery import MAX_ATTEMPTS
    from bot.emulator.errors import ApiError

    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Hal", "Soleimani")
        await ingest(e.services)
        # A 5xx is a NetworkError for PTB: transient, retried with growing delays.
        e.emu.faults.fail_next(ApiError(502, "Bad Gateway"), MAX_ATTEMPTS, chat_id=user.id)
        waits = []
        for _ in range(MAX_ATTEMPTS):
            await deliver_due(e.app)
            row = outbox(e.services)[0]
            waits.append(row.next_attempt_at - e.clock.now)
            e.clock.advance(hours=2)
        assert row.status == OutboxStatus.FAILED and row.attempts == MAX_ATTEMPTS
        assert waits[1] > waits[0]
        assert await deliver_due(e.app) == 0
        assert alerts_to(e.emu, user) == []


SURNAMES = (
    "Abernathy Quillfeather",
    "Borromeo Vantablack",
    "Castellanos Ibsenhoff",
    "Drummond Pevensie",
    "Eskildsen Marchbanks",
    "Featherstonehaugh Ode",
    "Gallagher Wrenfield",
    "Hohenstaufen Brill",
    "Ignatieff Rosencrantz",
    "Jablonski Thistlewood",
    "Kowalczyk Ambersley",
    "Lindqvist Harrowgate",
    "Montmorency Quince",
    "Nakashima Bellweather",
    "Oyelaran Fitzwilliam",
    "Pemberton Zakarian",
    "Quatermain Velasquez",
    "Rasmussen Okonkwo",
    "Szczepanski Holloway",
    "Trevelyan Mbeki",
    "Uchenna Blackwood",
    "Valdimarsson Crane",
    "Wojciechowski Hale",
    "Xanthopoulos Reed",
    "Yevtushenko Marsh",
    "Zimmermann Oduya",
)


async def test_long_alert_is_split_below_the_limit(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Ida", SURNAMES[0])
        for name in SURNAMES[1:]:
            e.emu.send_text(user, None, f"/watch {name}")
            await e.emu.wait_for_message(user)
        filler = "The talks went on for hours without any result, the spokesman said later."
        text = " ".join(f"{filler} {name} attended. {filler}" for name in SURNAMES)
        before = len(e.emu.sent_messages(user))
        await ingest(e.services, text=text, title="Long")
        assert await deliver_due(e.app) == 1
        parts = e.emu.sent_messages(user)[before:]
        assert len(parts) >= 2
        assert all(len(m.text) <= 4096 for m in parts)
        shown = "\n".join(m.text for m in parts)
        assert all(f"{name} attended" in shown for name in SURNAMES)  # nothing cut away
        assert [bool(m.reply_markup) for m in parts] == [False] * (len(parts) - 1) + [True]
        assert len(outbox(e.services)) == 1 and outbox(e.services)[0].status == "sent"


async def test_restart_mid_delivery_sends_no_duplicate(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC))
    async with running_emulator() as emu:
        users = []
        async with service(emu, tmp_path, clock) as (services, app):
            for i in range(6):
                users.append(await subscribe(emu, f"U{i}", "Soleimani"))
            await ingest(services)
            emu.faults.latency = 0.2

            task = asyncio.create_task(deliver_due(app, concurrency=2))
            await emu.wait_for_call(
                "sendMessage", lambda c: str(c.params.get("text", "")).startswith("🔔")
            )
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            emu.faults.latency = 0.0
        first = sum(len(alerts_to(emu, u)) for u in users)
        # A new service on the same database, later than any claim could stay stale.
        clock.advance(seconds=STALE_AFTER.total_seconds() + 1)
        async with service(emu, tmp_path, clock) as (services, app):
            await deliver_due(app)
            assert await deliver_due(app) == 0
            assert {r.status for r in outbox(services)} == {OutboxStatus.SENT}
        assert [len(alerts_to(emu, u)) for u in users] == [1] * 6
        assert 1 <= first < 6


async def test_sanctions_alert_links_the_list_records(tmp_path: Path) -> None:
    from bot.sandbox import install_seed_lists

    async with env(tmp_path) as e:
        assert install_seed_lists(e.services.engine)
        await e.services.matcher.reload_lists(e.services.engine)
        user = e.emu.add_user("Quinn")
        e.emu.send_text(user, None, "/sanctions on")
        await e.emu.wait_for_message(user)
        await ingest(e.services, text="Qasem Soleimani, commander of the Qods Force, was seen.")
        # The UN file has no per-entry URL; give this record one, as OFAC's and
        # OpenSanctions' have, to see it linked.
        record = "https://example.org/un/IRi.039?a=1&b=2"
        with Session(e.services.engine) as session, session.begin():
            row = session.scalars(
                select(ListEntityRow).where(ListEntityRow.key == "un:IRi.039")
            ).one()
            row.url = record
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(user, lambda m: m.text.startswith("🔔"))
        assert "Sanctioned: QASEM SOLEIMANI" in alert.text and "UN IRi.039" in alert.text
        # Every listed reference with an official URL is linked to it.
        with Session(e.services.engine) as session:
            rows = session.scalars(select(ListEntityRow)).all()
            urls = {f"{r.list_name.upper()} {r.ref}": r.url for r in rows if r.url}
        links = {
            text: x["url"]
            for x, text in zip(
                [x for x in alert.entities if x["type"] == "text_link"],
                entity_texts(alert, "text_link"),
                strict=True,
            )
        }
        shown = [label for label in urls if label in alert.text]
        assert "UN IRi.039" in shown and links["UN IRi.039"] == record
        assert all(links.get(label) == urls[label] for label in shown)
        labels = [b["text"] for b in alert.buttons]
        assert labels and all(label.startswith("Not relevant") for label in labels)


async def test_same_story_from_two_outlets_is_one_alert_naming_both(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Rae", "Soleimani")
        story = (SEED / "rferl_soleimani_russia_2015-08.txt").read_text(encoding="utf-8")
        await ingest(e.services, text=story, title="RFE/RL copy")
        await e.services.pipeline.ingest(
            IncomingDocument(
                text=story.replace("August 7", "on August 7"),  # the wire copy, lightly edited
                title="Wire copy",
                url="https://wire.example.org/soleimani",
                source_label="Wire Service",
            )
        )
        assert len(outbox(e.services)) == 1  # one story, one alert
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(user, lambda m: m.text.startswith("🔔"))
        assert "Also in: Wire Service" in alert.text


async def test_in_groups_only_admins_use_the_alert_buttons(tmp_path: Path) -> None:
    from storage.models import Suppression

    async with env(tmp_path) as e:
        admin, member = e.emu.add_user("Sam"), e.emu.add_user("Tia")
        group = e.emu.add_group("Desk", creator=admin, members=(member,))
        e.emu.send_text(admin, group, "/watch Soleimani")
        await e.emu.wait_for_message(group)
        await ingest(e.services)
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(group, lambda m: m.text.startswith("🔔"))
        refused = e.emu.press_button(member, alert, "Not relevant")
        await e.emu.wait_for_call("answerCallbackQuery")
        assert refused.answered and "admins" in (refused.answer_text or "")
        with Session(e.services.engine) as session:
            assert session.scalars(select(Suppression)).all() == []
        e.emu.press_button(admin, alert, "Not relevant")
        await e.emu.wait_for_call("editMessageReplyMarkup")
        with Session(e.services.engine) as session:
            assert [s.chat_id for s in session.scalars(select(Suppression))] == [group.id]


async def test_document_dropped_in_the_inbox_alerts_through_the_jobs(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC))
    async with (
        running_emulator() as emu,
        service(emu, tmp_path, clock, jobs=True) as (
            services,
            _app,
        ),
    ):
        user = await subscribe(emu, "Uma", "Soleimani")
        services.settings.inbox.mkdir(parents=True, exist_ok=True)
        article = SEED / "rferl_soleimani_russia_2015-08.txt"
        (services.settings.inbox / article.name).write_bytes(article.read_bytes())
        # The inbox job reads it (after the file settled), the outbox job delivers the alert.
        alert = await emu.wait_for_message(user, lambda m: m.text.startswith("🔔"), timeout=30)
        assert "Ghasem Soleimani" in alert.text
        assert (services.settings.inbox / "done" / article.name).exists()


async def test_forum_alerts_follow_the_topic_and_fall_back_when_it_is_deleted(
    tmp_path: Path,
) -> None:
    async with env(tmp_path) as e:
        admin = e.emu.add_user("Ada")
        forum = e.emu.add_group("Desk", forum=True, creator=admin)
        topic = e.emu.add_topic(forum, "Iran")
        e.emu.send_text(admin, forum, "/watch Soleimani", thread_id=topic)
        reply = await e.emu.wait_for_message(forum)
        assert reply.thread_id == topic
        with Session(e.services.engine) as session:
            chat = session.get(Chat, e.emu.chat(forum).id)
            assert chat is not None and chat.topic_id == topic

        await ingest(e.services, title="First")
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(forum, lambda m: m.text.startswith("🔔"))
        assert alert.thread_id == topic

        with e.emu.state.lock:
            del e.emu.chat(forum).topics[topic]  # an admin deletes the topic
        other = "A week later Soleimani was seen in Damascus, a second report said."
        await ingest(e.services, text=other, title="Second")
        assert await deliver_due(e.app) == 1
        alert = await e.emu.wait_for_message(forum, lambda m: m.text.startswith("🔔"))
        assert alert.thread_id is None
        with Session(e.services.engine) as session:
            chat = session.get(Chat, e.emu.chat(forum).id)
            assert chat is not None and chat.topic_id is None
