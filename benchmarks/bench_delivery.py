"""Delivery of one story to many subscribers, against the emulator with its flood model on.

Run: .venv/bin/python benchmarks/bench_delivery.py [--subscribers 10000] [--baseline 2000]

Sets up N private chats watching "Soleimani" (rows written directly; the emulator knows each
user), ingests one article through the real pipeline (fan-out time is printed), then runs
`deliver_due` through the real Application (AIORateLimiter: 30/s overall) until the outbox is
empty, and checks every user got exactly one alert. Baselines in the same run: raw
`sendMessage` calls through a plain PTB Bot without limiter, first with the flood model off
(the emulator's ceiling), then on (how many Telegram would refuse).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session, col
from telegram import Bot
from telegram.error import RetryAfter

from bot.delivery import deliver_due
from bot.emulator import TelegramEmulator
from bot.service import build_services, running_service
from bot.settings import Secret, Settings
from ingest.documents import IncomingDocument
from storage.chats import upsert_chat
from storage.models import AlertOutbox, OutboxStatus
from storage.terms import add_watch

ARTICLE = (
    Path(__file__).resolve().parents[1]
    / "seeds"
    / "documents"
    / ("rferl_soleimani_russia_2015-08.txt")
)
RAW_CONCURRENCY = 16


async def raw_sends(emu: TelegramEmulator, user_ids: list[int], count: int) -> tuple[float, int]:
    """`count` sendMessage calls, 16 at a time, no limiter: (accepted/s, refused with 429)."""
    refused = 0
    gate = asyncio.Semaphore(RAW_CONCURRENCY)

    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as bot:

        async def one(n: int) -> None:
            nonlocal refused
            async with gate:
                try:
                    await bot.send_message(user_ids[n % len(user_ids)], f"raw {n}")
                except RetryAfter:
                    refused += 1

        start = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        took = time.perf_counter() - start
    return (count - refused) / took, refused


def outbox_counts(services: object) -> Counter[str]:
    with Session(services.engine) as session:  # type: ignore[attr-defined]
        rows = session.execute(
            select(col(AlertOutbox.status), func.count()).group_by(col(AlertOutbox.status))
        )
        return Counter({status: n for status, n in rows})


async def main(subscribers: int, baseline: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
        data = Path(tmp)
        async with TelegramEmulator() as emu:
            users = [emu.add_user(f"U{i}", started=True) for i in range(subscribers)]
            ids = [u.id for u in users]
            settings = Settings(
                telegram_bot_token=Secret(emu.token),
                telegram_base_url=emu.base_url,
                data_dir=data,
                database_url=f"sqlite:///{data / 'bench.db'}",
                inbox=data / "inbox",
            )
            services = build_services(settings)
            key = services.matcher.add_term("Soleimani")
            start = time.perf_counter()
            with Session(services.engine) as session, session.begin():
                for uid in ids:
                    upsert_chat(session, uid, "private", None)
                    add_watch(session, uid, "Soleimani", key)
            took = time.perf_counter() - start
            print(f"setup: {subscribers} chats watching one term in {took:.1f} s")

            start = time.perf_counter()
            result = await services.pipeline.ingest(
                IncomingDocument(
                    text=ARTICLE.read_text(encoding="utf-8"),
                    title="U.S. 'Concerned' Quds Commander Visited Russia",
                    url="https://www.rferl.org/a/27176012.html",
                    published=datetime(2015, 8, 7, tzinfo=UTC),
                    source_label="RFE/RL",
                )
            )
            print(
                f"fan-out: {result.alerts_enqueued} alerts enqueued in "
                f"{time.perf_counter() - start:.2f} s"
            )

            emu.flood.enabled = True
            emu.flood.reset()
            async with running_service(services, jobs=False) as app:
                start = time.perf_counter()
                delivered = 0
                while True:
                    counts = outbox_counts(services)
                    if counts[OutboxStatus.PENDING] + counts[OutboxStatus.SENDING] == 0:
                        break
                    sent = await deliver_due(app, limit=500)
                    delivered += sent
                    if sent == 0:
                        await asyncio.sleep(0.2)  # paused by flood control: wait until due
                took = time.perf_counter() - start
            rate = delivered / took
            per_user = Counter(m.chat_id for m in emu.sent_messages() if m.text and "🔔" in m.text)
            lost = sum(1 for uid in ids if per_user[uid] == 0)
            twice = sum(1 for uid in ids if per_user[uid] > 1)
            final = outbox_counts(services)
            print(
                f"delivery with limiter, flood model on: {delivered} alerts in {took:.1f} s = "
                f"{rate:.1f} msg/s; 429s from the flood model: {emu.flood.rejected}; "
                f"lost: {lost}; delivered twice: {twice}; outbox: {dict(final)}"
            )

            emu.flood.enabled = False
            raw_rate, _ = await raw_sends(emu, ids, baseline)
            print(f"baseline raw sendMessage, no limiter, flood model off: {raw_rate:.0f} msg/s")
            emu.flood.enabled = True
            emu.flood.reset()
            emu.flood.rejected = 0
            flood_rate, refused = await raw_sends(emu, ids, baseline)
            print(
                f"baseline raw sendMessage, no limiter, flood model on: {flood_rate:.0f} "
                f"accepted msg/s, {refused} of {baseline} refused with 429"
            )
            print(
                f"ratio: delivery rate / emulator ceiling = {rate / raw_rate:.3f}; "
                f"delivery / Telegram's 30 msg/s = {rate / 30:.2f}; "
                f"target >= 25 msg/s: {'met' if rate >= 25 else 'NOT met'}; "
                f"none lost, none twice: {'yes' if lost == twice == 0 else 'NO'}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    args = parser.parse_args()
    asyncio.run(main(args.subscribers, args.baseline))
