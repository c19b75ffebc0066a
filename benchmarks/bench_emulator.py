"""Emulator throughput and the flood model against python-telegram-bot with and without limiter.

Run: .venv/bin/python benchmarks/bench_emulator.py
Prints calls/s for getMe (baseline) and sendMessage through the real PTB client, then sends a
burst (120 private chats + 24 messages to one group) concurrently, first without a rate
limiter, then with PTB's AIORateLimiter (defaults: 30/s overall, 20/min per group), and reports
how many sends the emulator's flood model refused with 429 in each case.
"""

from __future__ import annotations

import asyncio
import time

from telegram import Bot
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from bot.emulator import TelegramEmulator

PRIVATE = 120
GROUP = 24
SEQUENTIAL = 300


async def _rate(label: str, calls: int, make: object) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        await make()  # type: ignore[operator]
    rate = calls / (time.perf_counter() - start)
    print(f"{label:<34} {rate:8.0f} calls/s")
    return rate


async def _burst(
    emu: TelegramEmulator, bot: Bot, users: list[int], group: int
) -> tuple[int, float]:
    async def send(chat_id: int, n: int) -> int:
        try:
            await bot.send_message(chat_id, f"alert {n}")
            return 0
        except RetryAfter:
            return 1

    emu.flood.reset()
    start = time.perf_counter()
    jobs = [send(u, n) for n, u in enumerate(users)] + [send(group, n) for n in range(GROUP)]
    refused = sum(await asyncio.gather(*jobs))
    return refused, time.perf_counter() - start


def _peak_burst(times: list[float], rate: float) -> float:
    """Smallest bucket capacity that would have admitted these arrivals at `rate` per second."""
    times = sorted(times)
    return max(
        (j - i + 1) - rate * (times[j] - times[i]) for j in range(len(times)) for i in range(j + 1)
    )


def _report(emu: TelegramEmulator, label: str, refused: int, took: float) -> None:
    calls = emu.calls("sendMessage")[-(PRIVATE + GROUP) :]
    peak = _peak_burst([c.at for c in calls], emu.flood.overall_rate)
    where = sorted(
        {"group" if str(c.chat_id).startswith("-") else "private" for c in calls if not c.ok}
    )
    print(
        f"burst of {PRIVATE + GROUP}, {label:<15} {refused:3d} refused (429) {where or ''}, "
        f"{took:5.2f} s, peak overall burst {peak:5.1f} (model allows "
        f"{emu.flood.overall_rate + emu.flood.overall_slack})"
    )


async def main() -> None:
    async with TelegramEmulator() as emu:
        users = [emu.add_user(f"U{n}", started=True).id for n in range(PRIVATE)]
        group = emu.add_group("Desk", members=()).id
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            baseline = await _rate("getMe (baseline)", SEQUENTIAL, bot.get_me)
            send = await _rate(
                "sendMessage, HTML, flood model off",
                SEQUENTIAL,
                lambda: bot.send_message(users[0], "<b>x</b> &amp; y", parse_mode="HTML"),
            )
            print(f"sendMessage / getMe rate ratio: {send / baseline:.2f}")
            emu.flood.enabled = True
            refused, took = await _burst(emu, bot, users, group)
            _report(emu, "no limiter:", refused, took)
        limited = ExtBot(emu.token, base_url=emu.base_url, rate_limiter=AIORateLimiter())
        async with limited:
            refused, took = await _burst(emu, limited, users, group)
            _report(emu, "AIORateLimiter:", refused, took)


if __name__ == "__main__":
    asyncio.run(main())
