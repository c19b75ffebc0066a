"""The running service: webhook mode over real HTTP, health, push, SIGTERM, two instances."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlmodel import Session
from telegram_harness import emulator_settings, running_emulator
from test_e2e_delivery import (
    Clock,
    alerts_to,
    ingest,
    outbox,
    service,
    subscribe,
)

from bot.app import file_url_for
from bot.delivery import deliver_due
from bot.service import build_services, running_service
from bot.settings import Secret
from bot.web import webhook_path
from storage.db import create_db_engine
from storage.models import Chat, OutboxStatus

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_urls_derived_from_settings() -> None:
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert webhook_path("https://bot.example.org/hooks/tg") == "/hooks/tg"
    assert webhook_path("https://bot.example.org") == "/telegram"


async def test_webhook_mode_checks_the_secret_and_answers_updates(tmp_path: Path) -> None:
    port = free_port()
    async with running_emulator() as emu:
        settings = replace(
            emulator_settings(emu, tmp_path),
            webhook_url="https://bot.example.org/telegram",
            webhook_secret=Secret("s3cret-token"),
            http_port=port,
            push_token=Secret("push-token"),
        )
        services = build_services(settings, Clock(datetime.now(UTC)))
        async with running_service(services, jobs=False) as app:
            hook = await emu.wait_for_call("setWebhook")
            assert hook.params["url"] == "https://bot.example.org/telegram"
            assert hook.params["secret_token"] == "s3cret-token"
            user = emu.add_user("Wes")
            emu.send_text(user, None, "/start")  # queued by the emulator: we post it ourselves
            with emu.state.lock:
                update = emu.state.updates.pop()
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base) as client:
                refused = await client.post("/telegram", json=update)
                assert refused.status_code == 403
                wrong = await client.post(
                    "/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
                )
                assert wrong.status_code == 403
                accepted = await client.post(
                    "/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
                )
                assert accepted.status_code == 200
                reply = await emu.wait_for_message(user)
                assert "/watch" in (reply.text or "")
                junk = await client.post(
                    "/telegram",
                    content=b"not json",
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
                )
                assert junk.status_code == 400
                health = await client.get("/healthz")
                assert health.status_code == 200 and health.json() == {"ok": True}
                # The push app is mounted beside the webhook.
                emu.send_text(user, None, "/watch Soleimani")
                with emu.state.lock:
                    watch = emu.state.updates.pop()
                posted = await client.post(
                    "/telegram",
                    json=watch,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
                )
                assert posted.status_code == 200
                await emu.wait_for_message(user)
                pushed = await client.post(
                    "/documents",
                    json={"title": "Pushed", "text": "Soleimani met Putin in Moscow."},
                    headers={"Authorization": "Bearer push-token"},
                )
                assert pushed.status_code < 300, pushed.text
                assert await deliver_due(app) == 1
                assert len(alerts_to(emu, user)) == 1


async def test_two_instances_share_the_outbox_without_duplicates(
    tmp_path: Path, db_url: str
) -> None:
    """Two services on one database (SQLite, then PostgreSQL with SKIP LOCKED) deliver at once."""
    clock = Clock(datetime.now(UTC))
    async with running_emulator() as emu:
        async with service(emu, tmp_path, clock, db_url) as (services_a, app_a):
            users = [await subscribe(emu, f"P{i}", "Soleimani") for i in range(30)]
            await ingest(services_a)
            async with service(emu, tmp_path, clock, db_url) as (_services_b, app_b):
                emu.faults.latency = 0.01
                counts = await asyncio.gather(
                    deliver_due(app_a, limit=10),
                    deliver_due(app_b, limit=10),
                    deliver_due(app_a, limit=10),
                    deliver_due(app_b, limit=10),
                )
                emu.faults.latency = 0.0
                assert sum(counts) == 30
            assert {r.status for r in outbox(services_a)} == {OutboxStatus.SENT}
        assert [len(alerts_to(emu, u)) for u in users] == [1] * 30


async def test_sigterm_stops_the_service_gracefully(tmp_path: Path) -> None:
    async with running_emulator() as emu:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emu.token,
            "TELEGRAM_BASE_URL": emu.base_url,
            "WATCHBOT_DATA_DIR": str(tmp_path / "data"),
            "WATCHBOT_LISTS_UPDATE_AT": "off",
            "LOG_LEVEL": "INFO",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            cwd=tmp_path,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        await emu.wait_until_polling(timeout=30)
        user = emu.add_user("Sig")
        emu.send_text(user, None, "/start")
        await emu.wait_for_message(user, timeout=10)
        proc.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
        assert proc.returncode == 0, err.decode()
        log = err.decode()
        assert "watchbot stopped" in log
        assert emu.token not in log  # the token never reaches the logs
        engine = create_db_engine(f"sqlite:///{tmp_path / 'data' / 'watchbot.db'}")
        with Session(engine) as session:
            assert [c.id for c in session.scalars(select(Chat))] == [user.id]
        engine.dispose()


async def test_updates_of_one_chat_keep_their_order() -> None:
    from telegram import Update

    from bot.update_order import PerChatOrder

    def update(update_id: int, chat_id: int) -> Update:
        message = {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private", "first_name": "x"},
            "text": "hi",
        }
        return Update.de_json({"update_id": update_id, "message": message}, None)

    events: list[str] = []
    gates = {1: asyncio.Event(), 2: asyncio.Event(), 3: asyncio.Event()}

    async def handle(name: str, gate: asyncio.Event) -> None:
        events.append(f"start {name}")
        await gate.wait()
        events.append(f"end {name}")

    processor = PerChatOrder(8)
    first = asyncio.create_task(processor.process_update(update(1, 10), handle("a1", gates[1])))
    second = asyncio.create_task(processor.process_update(update(2, 10), handle("a2", gates[2])))
    other = asyncio.create_task(processor.process_update(update(3, 20), handle("b1", gates[3])))
    await asyncio.sleep(0.05)
    assert events == ["start a1", "start b1"]  # a2 waits for a1; chat 20 does not
    gates[2].set()
    gates[3].set()
    await other
    await asyncio.sleep(0.05)
    assert "start a2" not in events
    gates[1].set()
    await asyncio.gather(first, second)
    assert events == ["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]
    assert processor._locks == {}  # idle chats are forgotten
