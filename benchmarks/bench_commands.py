"""Command reply latency with 50 chats talking at once, on SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/bench_commands.py [--chats 50] [--think 3] [--commands 600]
     [--db both] [--lists all|un|none] [--news 2225] [--stress-rounds 2] [--seed 1]

Target load ("50 chats talking at once"): `--chats` private conversations at the same time.
Each user sends its next command after an exponential think time (mean `--think` s), whether
or not the bot has answered yet (open loop: a slow bot does not slow the arrivals down), so the
bot sees about chats/think commands per second (16.7/s by default, under Telegram's 30 messages
per second for a bot). Commands are mixed as people use them: /watch NAME (names of listed
people and made-up ones), /list, /unwatch NAME, /mode, /recent, /check NAME, /help. A run is
`--commands` commands, with arrivals cut off after `--max-seconds`. Latency is from the user's
message entering the emulator to the bot's reply being stored there.

The bot runs in its own process, as in production where Telegram is remote, built and started
exactly as `watchbot run` does (`bot.service.running_service`: `build_application` with the
AIORateLimiter at 30 messages/s, long polling with PTB's defaults). The emulator serves from a
thread of this driver process. `--lists all` (default) first installs the four lists of
../shared/data production uses (UN, OFAC SDN, UK, OpenSanctions: 26k entities), so /watch and
/check screen names as in production; `un` installs the UN list only, `none` nothing.
`--news N` stores N BBC articles of ../shared/data as received today (all 2,225 by default),
so that /watch's "mentioned in N documents this week" count searches a week of news.

Baseline, measured in the same run: a bare PTB `Bot` in its own process sending plain
sendMessage calls to the emulator at the same arrival times (round trip per call).

STRESS (not the target load, printed so nobody hides it): every chat sends a command at the
same instant, waits for the reply, sends the next (closed loop). 50 commands arriving together
queue behind the 30 messages/s limiter by design; its baseline is 50 bare sendMessage at once.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.emulator import TelegramEmulator
from bot.emulator.model import BotEvent
from bot.settings import Secret, Settings

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
TARGET_P95_MS = 100.0
SANCTIONS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sanctions"
# The lists production installs (`watchbot lists update`): UN, OFAC SDN, UK OFSI, OpenSanctions.
LISTS = {
    "un": ("un",),
    "all": ("un", "ofac/sdn_2024-05-03", "uk", "opensanctions/ua_war_targets.simple.csv"),
}
NEWS = SANCTIONS.parent / "news" / "bbc_2004_2005"
# People on (or near) the lists and ordinary names: /watch and /check see both kinds.
NAMES = (
    "Qasem Soleimani",
    "Ghasem Soleimani",
    "Vladimir Putin",
    "Sergei Shoigu",
    "Hassan Nasrallah",
    "Kim Jong Un",
    "Ayman al-Zawahiri",
    "Viktor Bout",
    "Angela Merkel",
    "Tony Blair",
    "Gazprom",
    "Islamic Revolutionary Guard Corps",
    "Boris Johnson",
    "Maria Schmidt",
    '"Quds Force"',
    "Abu Bakr al-Baghdadi",
)
# Share of each command in the mix.
MIX = (
    ("watch", 25),
    ("list", 15),
    ("unwatch", 10),
    ("mode", 10),
    ("recent", 15),
    ("check", 15),
    ("help", 10),
)


@dataclass(frozen=True, slots=True)
class Arrival:
    """One user's command at `at` seconds after the start of the run."""

    at: float
    chat: int  # index of the user
    text: str

    @property
    def command(self) -> str:
        """The command word, e.g. "/watch"."""
        return self.text.split()[0]


def plan(chats: int, commands: int, think: float, seed: int) -> list[Arrival]:
    """The first `commands` arrivals of `chats` users with exponential think times."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    arrivals: list[Arrival] = []
    for chat in range(chats):
        at, watched = 0.0, []
        # Each user sends no more than the whole run needs; the merge keeps the first ones.
        for k in range(commands):
            at += rng.expovariate(1 / think)
            kind = rng.choices(kinds, weights)[0]
            if kind == "watch":
                name = rng.choice(NAMES) if rng.random() < 0.5 else f"Person {chat}-{k}"
                watched.append(name)
                text = f"/watch {name}"
            elif kind == "unwatch":
                name = watched.pop(rng.randrange(len(watched))) if watched else rng.choice(NAMES)
                text = f"/unwatch {name}"
            elif kind == "mode":
                text = f"/mode {rng.choice(['instant', 'digest', 'both'])}"
            elif kind == "check":
                text = f"/check {rng.choice(NAMES).strip(chr(34))}"
            else:
                text = f"/{kind}"
            arrivals.append(Arrival(at, chat, text))
    return sorted(arrivals, key=lambda a: a.at)[:commands]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _line(label: str, values_s: list[float], baseline_ms: float | None = None) -> str:
    ms = [v * 1000 for v in values_s]
    text = (
        f"{label:<50} n={len(ms):4d}  p50 {_pct(ms, 0.5):7.1f} ms  p95 {_pct(ms, 0.95):7.1f} ms"
        f"  max {max(ms, default=float('nan')):7.1f} ms"
    )
    if baseline_ms:
        text += f"  p95/baseline {_pct(ms, 0.95) / baseline_ms:5.1f}x"
    return text


class ReplyClock:
    """Pairs each injected command with the bot's next message in that chat (in order).

    The emulator calls `on_event` from its own thread; every command gets exactly one reply.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._pending: dict[int, collections.deque[tuple[float, str, asyncio.Future[float]]]] = (
            collections.defaultdict(collections.deque)
        )
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.unexpected = 0  # bot messages with no command waiting (should stay 0)

    def on_event(self, event: BotEvent) -> None:
        if event.kind != "sent":
            return
        now = time.perf_counter()
        with self._lock:
            queue = self._pending.get(event.message.chat_id)
            if not queue:
                self.unexpected += 1
                return
            start, command, future = queue.popleft()
            self.latencies[command].append(now - start)
        self._loop.call_soon_threadsafe(_settle, future, now - start)

    def inject(self, emu: TelegramEmulator, user_id: int, text: str) -> asyncio.Future[float]:
        """The user sends `text`; the future resolves with the reply latency."""
        future: asyncio.Future[float] = self._loop.create_future()
        with self._lock:
            self._pending[user_id].append((time.perf_counter(), text.split()[0], future))
        emu.send_text(user_id, None, text)
        return future

    def outstanding(self) -> int:
        """Commands still without a reply."""
        with self._lock:
            return sum(len(q) for q in self._pending.values())

    def reset(self) -> None:
        """Forget the latencies measured so far."""
        with self._lock:
            self.latencies.clear()

    def every(self) -> list[float]:
        """All latencies so far."""
        with self._lock:
            return [v for values in self.latencies.values() for v in values]


def _settle(future: asyncio.Future[float], value: float) -> None:
    if not future.done():
        future.set_result(value)


async def _open_loop(
    emu: TelegramEmulator,
    clock: ReplyClock,
    users: list[int],
    arrivals: list[Arrival],
    max_seconds: float,
) -> tuple[int, float, float]:
    """Inject each arrival at its time; returns (sent, seconds taken, worst injection lag)."""
    start = time.perf_counter()
    sent, lag = 0, 0.0
    for arrival in arrivals:
        if arrival.at > max_seconds:
            break
        delay = start + arrival.at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        lag = max(lag, time.perf_counter() - start - arrival.at)
        clock.inject(emu, users[arrival.chat], arrival.text)
        sent += 1
    deadline = time.perf_counter() + 30
    while clock.outstanding() and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    return sent, time.perf_counter() - start, lag


async def _closed_loop_burst(
    emu: TelegramEmulator, clock: ReplyClock, users: list[int], rounds: int
) -> float:
    """Every chat sends at once and waits for each reply before the next; returns seconds."""
    sequence = (
        "/watch Person {n}",
        "/list",
        "/recent",
        "/mode both",
        "/check Qasem Soleimani",
        "/unwatch Person {n}",
    )

    async def chat(index: int, user_id: int) -> None:
        for r in range(rounds):
            for template in sequence:
                text = template.format(n=f"s{index}x{r}")
                await asyncio.wait_for(clock.inject(emu, user_id, text), 60)

    start = time.perf_counter()
    await asyncio.gather(*(chat(i, u) for i, u in enumerate(users)))
    return time.perf_counter() - start


# --- processes on the other side of the emulator ---------------------------------------------


def _settings(token: str, base_url: str, folder: Path, url: str) -> Settings:
    return Settings(
        telegram_bot_token=Secret(token),
        telegram_base_url=base_url,
        data_dir=folder,
        database_url=url,
        max_terms=10_000,
    )


async def _serve_bot(token: str, base_url: str, folder: str, url: str) -> int:
    """The bot as `watchbot run` starts it; prints its CPU time on each "cpu" line read."""
    from bot.service import build_services, running_service

    services = build_services(_settings(token, base_url, Path(folder), url))
    async with running_service(services, jobs=False):
        print("ready", flush=True)
        while line := await asyncio.to_thread(sys.stdin.readline):
            if line.strip() == "cpu":
                print(f"cpu {time.process_time():.4f}", flush=True)
    return 0


async def _serve_baseline(token: str, base_url: str) -> int:
    """Bare sendMessage calls at the times read from stdin; prints each round trip (JSON)."""
    job = json.loads(sys.stdin.readline())
    request = HTTPXRequest(connection_pool_size=256)  # as many connections as the bot's pool
    results: dict[str, list[float]] = {}
    async with Bot(token, base_url=base_url, request=request) as bot:

        async def one(chat_id: int, into: list[float]) -> None:
            start = time.perf_counter()
            await bot.send_message(chat_id, "baseline <b>ping</b>", parse_mode="HTML")
            into.append(time.perf_counter() - start)

        await one(job["chats"][0], [])  # warm the connection pool
        tasks = []
        start = time.perf_counter()
        results["open"] = []
        for at, chat_id in job["open"]:
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(chat_id, results["open"])))
        await asyncio.gather(*tasks)
        results["burst"] = []
        for _ in range(3):
            await asyncio.gather(*(one(c, results["burst"]) for c in job["chats"]))
    print(json.dumps(results), flush=True)
    return 0


async def _child(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


# --- the driver ------------------------------------------------------------------------------


def _database(kind: str, folder: Path) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}", lambda: None
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return (
        f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}",
        drop,
    )


def _install_lists(url: str, which: str) -> str:
    if which == "none":
        return "no sanctions lists"
    paths = [SANCTIONS / part for part in LISTS[which]]
    if not all(p.exists() for p in paths):
        return f"no sanctions lists ({SANCTIONS} absent)"
    from ingest.list_files import read_list_paths
    from storage.db import create_db_engine
    from storage.lists_repo import replace_list
    from storage.migrate import upgrade

    upgrade(url)
    engine = create_db_engine(url)
    entities = 0
    try:
        for snapshot in read_list_paths(paths):
            entities += replace_list(engine, snapshot).entities
    finally:
        engine.dispose()
    return f"lists: {which} ({entities} entities)"


def _install_news(url: str, limit: int) -> str:
    """Store up to `limit` BBC articles as documents received now (what /watch counts)."""
    files = sorted(NEWS.glob("*/*.txt"))[:limit]
    if not files:
        return "no news"
    import hashlib
    from datetime import UTC, datetime

    from sqlmodel import Session

    from storage.db import create_db_engine
    from storage.migrate import upgrade
    from storage.models import Document

    upgrade(url)
    engine = create_db_engine(url)
    now = datetime.now(UTC)
    try:
        with Session(engine) as session, session.begin():
            hashes: set[str] = set()
            for path in files:
                raw = path.read_bytes().decode("utf-8", "replace")
                digest = hashlib.sha256(raw.encode()).hexdigest()
                if digest in hashes:  # the BBC set holds a few articles twice
                    continue
                hashes.add(digest)
                title, _, text = raw.partition("\n")
                session.add(
                    Document(
                        content_hash=digest,
                        title=title.strip(),
                        text=text.strip(),
                        source_label="bench",
                        received_at=now,
                        scanned_at=now,
                        fanned_out_at=now,
                    )
                )
    finally:
        engine.dispose()
    return f"{len(hashes)} news documents"


async def _bot_cpu(bot: asyncio.subprocess.Process) -> float:
    assert bot.stdin is not None and bot.stdout is not None
    bot.stdin.write(b"cpu\n")
    await bot.stdin.drain()
    return float((await asyncio.wait_for(bot.stdout.readline(), 30)).split()[1])


async def _run_db(
    kind: str, args: argparse.Namespace, arrivals: list[Arrival], baseline: dict[str, float]
) -> None:
    try:
        folder_handle = tempfile.TemporaryDirectory()
        folder = Path(folder_handle.name)
        url, drop = _database(kind, folder)
    except Exception as exc:  # PostgreSQL down: say so and go on with the other engine
        print(f"{kind:<8} skipped: database unreachable ({type(exc).__name__}: {exc})")
        return
    emu = TelegramEmulator()
    emu.start_in_thread()
    clock = ReplyClock(asyncio.get_running_loop())
    emu.subscribe(clock.on_event)
    bot = None
    try:
        lists = await asyncio.to_thread(_install_lists, url, args.lists)
        lists += ", " + await asyncio.to_thread(_install_news, url, args.news)
        bot = await _child("--serve-bot", emu.token, emu.base_url, str(folder), url)
        assert bot.stdout is not None and bot.stdin is not None
        ready = await asyncio.wait_for(bot.stdout.readline(), 120)
        assert ready.strip() == b"ready", ready
        users = [emu.add_user(f"User{i}", started=True).id for i in range(args.chats)]
        await emu.wait_until_polling()
        cpu0 = await _bot_cpu(bot)
        sent, seconds, lag = await _open_loop(emu, clock, users, arrivals, args.max_seconds)
        cpu = await _bot_cpu(bot) - cpu0
        every = clock.every()
        p95 = _pct(every, 0.95) * 1000
        verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
        print(_line(f"{kind:<8} open loop, {args.chats} chats talking", every, baseline["open"]))
        print(f"{'':<10}target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}; {lists}")
        for command in sorted(clock.latencies):
            print(_line(f"    {command}", clock.latencies[command]))
        print(
            f"{'':<10}{sent} commands in {seconds:.1f} s ({sent / seconds:.1f}/s), "
            f"{clock.outstanding()} unanswered, {clock.unexpected} unexpected replies, "
            f"injection lag max {lag * 1000:.0f} ms, "
            f"bot CPU {cpu * 1000 / max(sent, 1):.1f} ms/command"
        )
        if args.stress_rounds:
            stress = clock
            stress.reset()
            cpu0 = await _bot_cpu(bot)
            seconds = await _closed_loop_burst(emu, stress, users, args.stress_rounds)
            cpu = await _bot_cpu(bot) - cpu0
            every = stress.every()
            print(
                _line(
                    f"{kind:<8} STRESS closed-loop burst, {args.chats} at once",
                    every,
                    baseline["burst"],
                )
            )
            print(
                f"{'':<10}(not the target load) {len(every)} commands in {seconds:.1f} s "
                f"({len(every) / seconds:.1f}/s; limiter allows 30/s), "
                f"bot CPU {cpu * 1000 / max(len(every), 1):.1f} ms/command"
            )
    finally:
        if bot is not None:
            assert bot.stdin is not None
            bot.stdin.close()
            await asyncio.wait_for(bot.wait(), 60)
        emu.stop_thread()
        drop()
        folder_handle.cleanup()


async def _baseline(args: argparse.Namespace, arrivals: list[Arrival]) -> dict[str, float]:
    emu = TelegramEmulator()
    emu.start_in_thread()
    try:
        chats = [emu.add_user(f"Base{i}", started=True).id for i in range(args.chats)]
        child = await _child("--serve-baseline", emu.token, emu.base_url)
        assert child.stdin is not None and child.stdout is not None
        job = {
            "chats": chats,
            "open": [(a.at, chats[a.chat]) for a in arrivals if a.at <= args.max_seconds],
        }
        child.stdin.write(json.dumps(job).encode() + b"\n")
        await child.stdin.drain()
        results = json.loads(await asyncio.wait_for(child.stdout.readline(), 600))
        await child.wait()
    finally:
        emu.stop_thread()
    print(_line("baseline sendMessage, same arrivals", results["open"]))
    print(_line(f"baseline sendMessage, {args.chats} at once (burst)", results["burst"]))
    return {k: _pct([v * 1000 for v in results[k]], 0.95) for k in ("open", "burst")}


async def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "--serve-bot":
        return await _serve_bot(*sys.argv[2:])
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-baseline":
        return await _serve_baseline(*sys.argv[2:])
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, seconds")
    parser.add_argument("--commands", type=int, default=600)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--lists", choices=["all", "un", "none"], default="all")
    parser.add_argument("--news", type=int, default=2225, help="BBC articles stored first")
    parser.add_argument("--stress-rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    arrivals = plan(args.chats, args.commands, args.think, args.seed)
    span = arrivals[-1].at
    print(
        f"load: {args.chats} chats, think time exponential mean {args.think:g} s, open loop; "
        f"{len(arrivals)} commands over {span:.1f} s ({len(arrivals) / span:.1f}/s offered), "
        f"seed {args.seed}"
    )
    baseline = await _baseline(args, arrivals)
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        await _run_db(kind, args, arrivals, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
