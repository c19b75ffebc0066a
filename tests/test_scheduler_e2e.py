"""The jobs as the service runs them: a file dropped in the inbox reaches the watcher by itself.

The real service (python-telegram-bot Application, JobQueue, SQLite file) against the loopback
emulator: nobody calls the pipeline or delivery by hand; the inbox job and the outbox job do.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlmodel import Session, select
from telegram_harness import emulator_settings, running_emulator

from bot.service import build_services, running_service
from storage.models import AlertOutbox, Document, OutboxStatus

ARTICLE = (
    "Quds commander visited Russia\n"
    "Iranian officials told Reuters that Major General Ghasem Soleimani met with senior "
    "Russian officials in Moscow late last month and discussed the delivery of missiles.\n"
)


async def test_inbox_file_becomes_an_alert_through_the_jobs(tmp_path: Path) -> None:
    async with running_emulator() as emu:
        settings = emulator_settings(
            emu, tmp_path, inbox_interval=1, outbox_interval=1, lists_update_at=None
        )
        services = build_services(settings)
        async with running_service(services, jobs=True) as app:
            names = {job.name for job in app.job_queue.jobs()}
            assert {"feeds", "inbox", "outbox", "list_changes"} <= names
            assert "lists_update" not in names  # WATCHBOT_LISTS_UPDATE_AT=off
            user = emu.add_user("Ana")
            emu.send_text(user, None, "/start")
            await emu.wait_for_message(user)
            emu.send_text(user, None, "/watch Soleimani")
            await emu.wait_for_message(user)

            settings.inbox.mkdir(parents=True, exist_ok=True)
            dropped = settings.inbox / "rferl.txt"
            dropped.write_text(ARTICLE, encoding="utf-8")
            settled = time.time() - 60  # the inbox leaves files alone while they are written
            os.utime(dropped, (settled, settled))

            alert = await emu.wait_for_message(
                user, lambda m: (m.text or "").startswith("🔔"), timeout=20
            )
            assert "Ghasem Soleimani" in (alert.text or "")
        assert (settings.inbox / "done" / "rferl.txt").exists()
        with Session(services.engine) as session:
            (doc,) = session.exec(select(Document)).all()
            assert doc.fanned_out_at is not None
            (row,) = session.exec(select(AlertOutbox)).all()
            assert row.status == OutboxStatus.SENT and row.document_id == doc.id
        services.engine.dispose()
