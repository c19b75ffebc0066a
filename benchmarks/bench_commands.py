"""Command reply latency with many chats talking at once, on SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/bench_commands.py [--chats 50] [--rounds 8] [--db both]

The emulator serves from its own thread; the bot (our handlers on a real PTB Application,
long polling) runs in the main loop. Each of `--chats` private chats sends a command, waits for
the reply, sends the next: /watch, /list, /recent, /mode, /check, /unwatch in turn. Latency is
from the user's message entering the emulator to the bot's reply being stored there.

The bot runs in its own process, as in production where Telegram is remote: otherwise the
emulator and the bot share one interpreter lock and each slows the other.

Baseline, measured in the same run: the emulator's round trip for a plain sendMessage through
PTB's Bot (one at a time, and `--chats` at once). Two bot builds are measured:
- "handlers": our handlers on an Application without a rate limiter (what the code costs);
- "production": `bot.app.build_application` as deployed, whose AIORateLimiter holds the bot
  to Telegram's 30 messages/s overall, so 50 chats at once queue behind it by design.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import HTTPXRequest

from bot.context import WatchbotContext
from bot.emulator import TelegramEmulator
from bot.emulator.model import BotEvent
from bot.service import build_services
from bot.services import Services
from bot.settings import Secret, Settings

COMMANDS = (
    "/watch Person {n}",
    "/list",
    "/recent",
    "/mode both",
    "/check Qasem Soleimani",
    "/unwatch Person {n}",
)
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _summary(label: str, values: list[float], baseline: float | None = None) -> str:
    ms = [v * 1000 for v in values]
    line = (
        f"{label:<44} n={len(ms):5d}  p50 {_pct(ms, 0.5):7.1f} ms  p95 {_pct(ms, 0.95):7.1f} ms"
        f"  max {max(ms):7.1f} ms"
    )
    if baseline:
        line += f"  p95/baseline {_pct(ms, 0.95) / baseline:5.1f}x"
    return line


async def _baseline(emu: TelegramEmulator, chats: list[int]) -> tuple[list[float], list[float]]:
    """sendMessage round trips: sequential, then all chats at once."""
    sequential: list[float] = []
    concurrent: list[float] = []
    # Bot's default pool holds one connection; give it as many as the Application has.
    request = HTTPXRequest(connection_pool_size=256)
    async with Bot(emu.token, base_url=emu.base_url, request=request) as bot:

        async def one(chat_id: int, into: list[float]) -> None:
            start = time.perf_counter()
            await bot.send_message(chat_id, "baseline <b>ping</b>", parse_mode="HTML")
            into.append(time.perf_counter() - start)

        for _ in range(3):
            for chat_id in chats:
                await one(chat_id, sequential)
        for _ in range(3):
            await asyncio.gather(*(one(chat_id, concurrent) for chat_id in chats))
    return sequential, concurrent


class ReplyClock:
    """Times each chat's command from injection to the bot's reply (listener in emulator thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[
            int, tuple[float, asyncio.Future[float], asyncio.AbstractEventLoop]
        ] = {}

    def on_event(self, event: BotEvent) -> None:
        if event.kind != "sent":
            return
        message = event.message
        now = time.perf_counter()
        with self._lock:
            entry = self._waiting.pop(message.chat_id, None)
        if entry is not None:
            start, future, loop = entry
            loop.call_soon_threadsafe(_settle, future, now - start)

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[float] = loop.create_future()
        with self._lock:
            self._waiting[chat_id] = (time.perf_counter(), future, loop)
        return future


def _settle(future: asyncio.Future[float], value: float) -> None:
    if not future.done():
        future.set_result(value)


async def _talk(
    emu: TelegramEmulator, clock: ReplyClock, users: list[Any], rounds: int
) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {t.split()[0]: [] for t in COMMANDS}

    async def chat(index: int, user: Any) -> None:
        for round_number in range(rounds):
            for template in COMMANDS:
                text = template.format(n=f"{index}x{round_number}")
                waiter = clock.expect(user.id)
                await asyncio.to_thread(emu.send_text, user, None, text)
                latencies[template.split()[0]].append(await asyncio.wait_for(waiter, 30))

    await asyncio.gather(*(chat(i, u) for i, u in enumerate(users)))
    return latencies


def _handlers_app(services: Services) -> Application[Any, Any, Any, Any, Any, Any]:
    """Our handlers on an Application like bot.app builds, without the rate limiter."""
    from bot.handlers import register_handlers

    settings = services.settings
    assert settings.telegram_bot_token is not None
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get())
        .base_url(settings.telegram_base_url)
        .context_types(ContextTypes(context=WatchbotContext))
        .concurrent_updates(8)
        .build()
    )
    WatchbotContext.attach(app, services)
    register_handlers(app)
    return app


def _production_app(services: Services) -> Application[Any, Any, Any, Any, Any, Any]:
    from bot.app import build_application

    return build_application(services, jobs=False)


@asynccontextmanager
async def _polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def _database(kind: str, folder: Path) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}", lambda: None
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return (
        f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}",
        drop,
    )


def _settings(token: str, base_url: str, folder: Path, url: str) -> Settings:
    return Settings(
        telegram_bot_token=Secret(token),
        telegram_base_url=base_url,
        data_dir=folder,
        database_url=url,
        max_terms=10_000,
    )


async def _serve_bot(token: str, base_url: str, folder: str, url: str, build: str) -> int:
    """The bot alone (in its own process, as in production where Telegram is remote)."""
    services = build_services(_settings(token, base_url, Path(folder), url))
    app = _handlers_app(services) if build == "handlers" else _production_app(services)
    async with _polling(app):
        print("ready", flush=True)
        cpu = time.process_time()
        await asyncio.to_thread(sys.stdin.read)  # until the driver closes our stdin
        print(f"cpu {time.process_time() - cpu:.3f}", flush=True)
    services.engine.dispose()
    return 0


async def _run(kind: str, build: str, chats: int, rounds: int, baseline_p95: float | None) -> None:
    emu = TelegramEmulator()
    emu.start_in_thread()
    clock = ReplyClock()
    emu.subscribe(clock.on_event)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = _database(kind, Path(folder))
        # BENCH_PROFILE=file.prof profiles the bot process's main thread with cProfile.
        profile = os.environ.get("BENCH_PROFILE")
        wrap = ["-m", "cProfile", "-o", profile] if profile else []
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            *wrap,
            __file__,
            "--serve-bot",
            emu.token,
            emu.base_url,
            folder,
            url,
            build,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            assert bot.stdout is not None and bot.stdin is not None
            ready = await asyncio.wait_for(bot.stdout.readline(), 60)
            assert ready.strip() == b"ready", ready
            users = [emu.add_user(f"User{i}", started=True) for i in range(chats)]
            await emu.wait_until_polling()
            start = time.perf_counter()
            latencies = await _talk(emu, clock, users, rounds)
            elapsed = time.perf_counter() - start
            every = [v for values in latencies.values() for v in values]
            print(_summary(f"{kind:<8} {build:<10} {chats} chats at once", every, baseline_p95))
            for command, values in latencies.items():
                print(_summary(f"    {command}", values))
            print(f"{'':<44} {len(every) / elapsed:7.0f} commands/s overall")
            bot.stdin.close()
            cpu_line = await asyncio.wait_for(bot.stdout.readline(), 30)
            cpu = float(cpu_line.split()[1])
            print(
                f"{'':<44} bot process CPU {cpu * 1000 / len(every):5.1f} ms per command "
                "(all threads: PTB, handlers, database)"
            )
        finally:
            if bot.stdin is not None and not bot.stdin.is_closing():
                bot.stdin.close()
            await asyncio.wait_for(bot.wait(), 30)
            drop()
            emu.stop_thread()


async def main() -> int:
    if len(sys.argv) == 7 and sys.argv[1] == "--serve-bot":
        return await _serve_bot(*sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--build", choices=["handlers", "production", "both"], default="both")
    args = parser.parse_args()

    emu = TelegramEmulator()
    emu.start_in_thread()
    try:
        chats = [emu.add_user(f"Base{i}", started=True).id for i in range(args.chats)]
        sequential, concurrent = await _baseline(emu, chats)
    finally:
        emu.stop_thread()
    print(_summary("baseline sendMessage, one at a time", sequential))
    print(_summary(f"baseline sendMessage, {args.chats} at once", concurrent))
    baseline_p95 = _pct([v * 1000 for v in concurrent], 0.95)

    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    builds = ["handlers", "production"] if args.build == "both" else [args.build]
    for kind in kinds:
        for build in builds:
            await _run(kind, build, args.chats, args.rounds, baseline_p95)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
