"""End to end: daily digests at a frozen clock in a chat's own zone, list-change notices, holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col
from test_e2e_delivery import env, ingest, outbox, subscribe

from bot.delivery import deliver_due, notify_list_changes, send_digest
from bot.emulator.errors import ApiError
from storage.chats import update_chat_settings
from storage.models import DigestEntry, ListChange, ListEntityRow, OutboxStatus


def set_chat(services: object, chat_id: int, **fields: object) -> None:
    with Session(services.engine) as session, session.begin():  # type: ignore[attr-defined]
        update_chat_settings(session, chat_id, **fields)


def pending_entries(services: object, chat_id: int) -> int:
    with Session(services.engine) as session:  # type: ignore[attr-defined]
        stmt = select(DigestEntry).where(
            col(DigestEntry.chat_id) == chat_id, col(DigestEntry.digested_at).is_(None)
        )
        return len(session.scalars(stmt).all())


async def test_digest_groups_by_term_in_the_chats_local_date(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Kim", "Soleimani")
        e.emu.send_text(user, None, "/watch Shoigu")
        await e.emu.wait_for_message(user)
        set_chat(e.services, user.id, alert_mode="digest", timezone="Asia/Tokyo")
        for i in range(5):
            await ingest(e.services, text=f"Story {i}: Soleimani met officials.", title=f"S{i}")
        await ingest(e.services, text="Sergei Shoigu and Soleimani met.", title="Both")
        assert await deliver_due(e.app) == 0  # digest mode: no instant alert
        # 2026-03-31 23:30 UTC is already April 1st in Tokyo.
        e.clock.now = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
        assert await send_digest(e.app, user.id, e.clock()) is True
        digest = await e.emu.wait_for_message(user, lambda m: m.text.startswith("📰"))
        assert "Digest for 2026-04-01" in digest.text
        assert "Soleimani (6)" in digest.text and "Shoigu (1)" in digest.text
        assert "+3 more" in digest.text  # six documents, the top three shown
        assert pending_entries(e.services, user.id) == 0
        # Idempotent: nothing held any more, nothing sent again.
        assert await send_digest(e.app, user.id, e.clock()) is False
        assert len([m for m in e.emu.sent_messages(user) if m.text.startswith("📰")]) == 1


async def test_no_digest_when_nothing_matched(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Lou", "Soleimani")
        before = len(e.emu.sent_messages(user))
        assert await send_digest(e.app, user.id, e.clock()) is False
        assert len(e.emu.sent_messages(user)) == before
        assert [r for r in outbox(e.services) if r.kind == "digest"] == []


async def test_digest_entries_stay_held_until_the_send_succeeds(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Max", "Soleimani")
        set_chat(e.services, user.id, alert_mode="digest")
        await ingest(e.services)
        e.emu.faults.fail_next(ApiError(502, "Bad Gateway"), chat_id=user.id)
        assert await send_digest(e.app, user.id, e.clock()) is False
        assert pending_entries(e.services, user.id) == 1
        # Running the digest again meanwhile does not make a second one.
        assert await send_digest(e.app, user.id, e.clock()) is False
        e.clock.advance(minutes=10)
        assert await deliver_due(e.app) == 1  # the outbox retry carries it
        assert pending_entries(e.services, user.id) == 0
        assert len([m for m in e.emu.sent_messages(user) if m.text.startswith("📰")]) == 1


async def test_quiet_hours_hold_alerts_until_they_end(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Ned", "Soleimani")
        set_chat(
            e.services, user.id, timezone="Europe/Paris", quiet_start="22:00", quiet_end="07:00"
        )
        e.clock.now = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 23:30 in Paris
        await ingest(e.services)
        assert await deliver_due(e.app) == 0
        row = outbox(e.services)[0]
        assert row.status == OutboxStatus.PENDING and row.attempts == 0
        assert row.next_attempt_at == datetime(2026, 7, 2, 5, 0, tzinfo=UTC)  # 07:00 Paris
        e.clock.now = row.next_attempt_at
        assert await deliver_due(e.app) == 1


async def test_muted_chat_gets_alerts_after_the_mute(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Oli", "Soleimani")
        until = e.clock.now + timedelta(hours=8)
        set_chat(e.services, user.id, muted_until=until)
        await ingest(e.services)
        assert await deliver_due(e.app) == 0
        assert outbox(e.services)[0].next_attempt_at == until
        e.clock.now = until
        assert await deliver_due(e.app) == 1


async def test_list_changes_are_announced_once(tmp_path: Path) -> None:
    async with env(tmp_path) as e:
        user = await subscribe(e.emu, "Pat", "Soleimani")
        set_chat(e.services, user.id, sanctions_mode="on")
        with Session(e.services.engine) as session, session.begin():
            session.add(
                ListEntityRow(
                    list_name="un",
                    ref="IRi.039",
                    key="un:IRi.039",
                    kind="person",
                    name="Qasem <Soleimani>",
                    url="https://main.un.org/securitycouncil/en/sanctions/1737",
                )
            )
            for change, name, key in (
                ("added", "Qasem <Soleimani>", "un:IRi.039"),
                ("removed", "Old & Gone Ltd", "uk:ABC0001"),
            ):
                session.add(
                    ListChange(
                        list_name=key[:2],
                        entity_key=key,
                        change=change,
                        name=name,
                        detected_at=e.clock.now,
                    )
                )
        assert await notify_list_changes(e.app) == 1
        assert await notify_list_changes(e.app) == 0  # once per change
        assert await deliver_due(e.app) == 1
        notice = await e.emu.wait_for_message(user, lambda m: "newly listed" in m.text)
        assert "newly listed: Qasem <Soleimani> (UN, IRi.039)" in notice.text
        assert "delisted: Old & Gone Ltd (UK, ABC0001)" in notice.text
        with Session(e.services.engine) as session, session.begin():
            session.add(
                ListChange(
                    list_name="un",
                    entity_key="un:X.1",
                    change="added",
                    name="New One",
                    detected_at=e.clock.now,
                )
            )
        assert await notify_list_changes(e.app) == 1
        assert await deliver_due(e.app) == 1
        latest = await e.emu.wait_for_message(user, lambda m: "New One" in m.text)
        assert "Qasem" not in latest.text
