"""Pipeline throughput and latency, 10,000 chats and 100,000 watch terms, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_pipeline.py [--docs 900] [--engines sqlite,postgres]
        [--lists full|seeds] [--concurrency 4] [--rate 10] [--sanctions-share 0.15]

Builds one matcher (the full shared UN, OFAC and UK lists, or the bundled seeds, plus every
watch term), then for each engine: a fresh database with 10,000 chats (modes mixed; 15% with
sanctions alerts, 2/3 of them instant) watching 100,000 terms (synthetic names, plus 25 real
names that 100 to 400 chats each watch), and feeds BBC articles with watched names inserted
through `Pipeline.ingest` in three phases on fresh documents: a burst with one worker and a
burst with `--concurrency` workers (throughput), then a steady stream of `--rate` documents a
second (latency from arrival to the return of `ingest`, when the outbox rows are committed:
p50/p95/max). The baseline, measured in the same run: `Matcher.scan` alone on the same texts.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, insert, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.matching_state import MatcherState  # noqa: E402
from bot.pipeline import Pipeline  # noqa: E402
from ingest.documents import IncomingDocument  # noqa: E402
from storage.db import create_db_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import AlertOutbox, Chat, DigestEntry, MatchRow, WatchTerm  # noqa: E402
from storage.types import utcnow  # noqa: E402
from watchlists.linking import link_entities  # noqa: E402
from watchlists.matcher import Matcher  # noqa: E402
from watchlists.term_keys import normalise_term  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Real names the BBC articles of 2004-2005 mention; many chats watch each.
REAL_NAMES = [
    "Tony Blair", "Gordon Brown", "Michael Howard", "Charles Kennedy", "Vladimir Putin",
    "George Bush", "Kofi Annan", "Jacques Chirac", "Gerhard Schroeder", "Ariel Sharon",
    "Mahmoud Abbas", "Silvio Berlusconi", "Alan Greenspan", "Bill Gates", "Steve Jobs",
    "Mikhail Khodorkovsky", "Yukos", "Gazprom", "Rupert Murdoch", "Jack Straw",
    "David Blunkett", "Alan Milburn", "John Prescott", "Ken Livingstone", "Tessa Jowell",
]  # fmt: skip
SYLLABLES = [
    "ka", "ro", "ven", "tes", "mal", "do", "qui", "lar", "bex", "tor", "mi", "san", "zel",
    "pha", "run", "gor", "li", "nat", "os", "ube", "fen", "dri", "vas", "hal",
]  # fmt: skip


def synthetic_names(count: int, rng: random.Random) -> list[str]:
    """Distinct two-word names that no dictionary holds ("Kamalven Torlidri")."""
    names: set[str] = set()
    while len(names) < count:
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            for _ in range(2)
        ]
        names.add(" ".join(words))
    return sorted(names)


def build_matcher(lists: str, terms: list[str]) -> tuple[MatcherState, float, int]:
    """The matcher over the chosen lists and every term; returns it, build seconds, entities."""
    from ingest.list_files import read_list_paths, seed_lists_dir

    started = time.perf_counter()
    if lists == "full":
        paths = [
            DATA / "sanctions" / "un" / "consolidated_2026-02-27.xml",
            DATA / "sanctions" / "ofac" / "sdn_2024-05-03",
            DATA / "sanctions" / "uk" / "ConList_2025-04-14.csv",
        ]
    else:
        paths = [seed_lists_dir()]
    entities = [e for snapshot in read_list_paths(paths) for e in snapshot.entities]
    links = link_entities(entities)
    state = MatcherState(Matcher(entities, links=links), links)
    state.add_terms(terms)
    return state, time.perf_counter() - started, len(entities)


def seed_database(
    engine: Engine, chats: int, synthetic: list[str], rng: random.Random, sanctions_share: float
) -> tuple[int, int]:
    """Chats and their watch rows; returns (chats, watch rows)."""
    now = utcnow()
    chat_rows = []
    for chat_id in range(1, chats + 1):
        draw = rng.random()
        mode = "instant" if draw < 0.6 else "digest" if draw < 0.85 else "both"
        draw = rng.random()
        on = sanctions_share * 2 / 3
        sanctions = "on" if draw < on else "digest" if draw < sanctions_share else "off"
        chat_rows.append(
            {"id": chat_id, "type": "private", "timezone": "UTC", "alert_mode": mode,
             "sanctions_mode": sanctions, "active": True, "created_at": now, "updated_at": now}
        )  # fmt: skip
    watch_rows = []
    per_chat = len(synthetic) // chats
    for index, name in enumerate(synthetic):
        chat_id = index // per_chat + 1 if index // per_chat < chats else rng.randint(1, chats)
        watch_rows.append((chat_id, name))
    for name in REAL_NAMES:  # each real name watched by 100 to 400 chats
        for chat_id in rng.sample(range(1, chats + 1), rng.randint(100, 400)):
            watch_rows.append((chat_id, name))
    unique = {(c, normalise_term(n)): n for c, n in watch_rows}
    values = [
        {"chat_id": c, "text": n, "normalised": k, "created_at": now}
        for (c, k), n in unique.items()
    ]
    with engine.begin() as connection:
        for start in range(0, len(chat_rows), 5000):
            connection.execute(insert(Chat), chat_rows[start : start + 5000])
        for start in range(0, len(values), 5000):
            connection.execute(insert(WatchTerm), values[start : start + 5000])
    return len(chat_rows), len(values)


def make_documents(count: int, synthetic: list[str], rng: random.Random) -> list[IncomingDocument]:
    """BBC articles; most get one or two watched names inserted, some a real watched name."""
    files = sorted((DATA / "news" / "bbc_2004_2005").glob("*/*.txt"))
    rng.shuffle(files)
    docs = []
    for number, path in enumerate(files[:count]):
        lines = path.read_text(encoding="latin-1").splitlines()
        draw = rng.random()
        if draw < 0.6:
            picked = rng.sample(synthetic, rng.randint(1, 2))
            lines.insert(min(2, len(lines)), f"Sources close to {' and '.join(picked)} said so.")
        elif draw < 0.8:
            lines.insert(min(2, len(lines)), f"{rng.choice(REAL_NAMES)} declined to comment.")
        docs.append(
            IncomingDocument(
                "\n".join(lines),
                title=lines[0] if lines else None,
                url=f"https://news.example/{path.parent.name}/{path.stem}-{number}",
                source_label="bench",
            )
        )
    return docs


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def run_pipeline(
    pipeline: Pipeline, docs: list[IncomingDocument], concurrency: int, rate: float | None
) -> tuple[float, list[float]]:
    """Feed `docs` to `concurrency` workers calling `Pipeline.ingest`; returns (seconds, latencies).

    With `rate`, document i arrives at start + i / rate (a steady stream); without, all arrive
    at once (a burst: the figure that counts is the throughput). A latency runs from arrival
    to the return of `ingest`, which is when the document's outbox rows are committed.
    """
    queue: asyncio.Queue[tuple[IncomingDocument, float] | None] = asyncio.Queue()
    latencies: list[float] = []
    started = time.perf_counter()

    async def arrive() -> None:
        for number, doc in enumerate(docs):
            if rate:
                await asyncio.sleep(max(0.0, started + number / rate - time.perf_counter()))
            await queue.put((doc, time.perf_counter()))
        for _ in range(concurrency):
            await queue.put(None)

    async def work() -> None:
        while (item := await queue.get()) is not None:
            doc, arrived = item
            await pipeline.ingest(doc)
            latencies.append(time.perf_counter() - arrived)

    await asyncio.gather(arrive(), *(work() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies


def count(engine: Engine, model: type) -> int:
    """Rows in a table."""
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def bench_engine(
    name: str,
    url: str,
    state: MatcherState,
    docs: list[IncomingDocument],
    args: argparse.Namespace,
    synthetic: list[str],
    scan_seconds: list[float],
) -> None:
    """Seed one database, run the pipeline over the documents, print the figures."""
    upgrade(url)
    engine = create_db_engine(url)
    try:
        started = time.perf_counter()
        chats, watches = seed_database(
            engine, args.chats, synthetic, random.Random(7), args.sanctions_share
        )
        seeded = time.perf_counter() - started
        pipeline = Pipeline(engine, state)
        print(f"\n[{name}] {chats:,} chats, {watches:,} watch rows (seeded in {seeded:.1f} s)")
        n = len(docs) // 3
        phases = [
            ("burst, 1 worker", docs[:n], 1, None),
            (f"burst, {args.concurrency} workers", docs[n : 2 * n], args.concurrency, None),
            (f"steady {args.rate:g} docs/s, {args.concurrency} workers", docs[2 * n :],
             args.concurrency, args.rate),
        ]  # fmt: skip
        ratio = 0.0
        for label, part, workers, rate in phases:
            total, latencies = asyncio.run(run_pipeline(pipeline, part, workers, rate))
            ratio = ratio or total / sum(scan_seconds[i] for i in range(len(part)))
            p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
            speed = len(part) / total
            line = f"  {label:<28} {len(part)} docs in {total:6.2f} s = {speed:5.1f} docs/s"
            if rate:  # in a burst every document waits for the ones before it: no latency
                line += (
                    f"; arrival -> outbox row p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
                    f" max {max(latencies) * 1000:.0f} ms"
                )
            print(line)
        print(
            f"  rows: {count(engine, MatchRow):,} matches, {count(engine, AlertOutbox):,} outbox, "
            f"{count(engine, DigestEntry):,} digest entries"
        )
        print(
            f"  baseline Matcher.scan alone on the same docs: "
            f"{sum(scan_seconds) / len(docs) * 1000:.1f} ms/doc; "
            f"pipeline (burst, 1 worker) / scan = {ratio:.0f}x"
        )
    finally:
        engine.dispose()


def main() -> int:
    """Run the benchmark on each engine asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=900, help="split over the three phases")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=100_000, help="synthetic watch terms")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--lists", choices=["full", "seeds"], default="full")
    parser.add_argument("--concurrency", type=int, default=4, help="workers (the feed job's 4)")
    parser.add_argument("--rate", type=float, default=10.0, help="docs/s of the steady phase")
    parser.add_argument(
        "--sanctions-share", type=float, default=0.15,
        help="share of chats with sanctions alerts (2/3 on, 1/3 digest)",
    )  # fmt: skip
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 2
    rng = random.Random(42)
    synthetic = synthetic_names(args.terms, rng)
    docs = make_documents(args.docs, synthetic, rng)
    terms = synthetic + REAL_NAMES
    state, build, entities = build_matcher(args.lists, terms)
    print(
        f"matcher: {entities:,} list entities ({args.lists}) + {len(terms):,} terms, "
        f"built in {build:.1f} s; {len(docs)} BBC documents"
    )
    scan_seconds, mentions = [], 0
    for doc in docs:
        started = time.perf_counter()
        mentions += len(state.scan(doc.text))
        scan_seconds.append(time.perf_counter() - started)
    print(
        f"baseline: Matcher.scan alone {len(docs) / sum(scan_seconds):.0f} docs/s "
        f"({sum(scan_seconds) / len(docs) * 1000:.1f} ms/doc, {mentions:,} mentions); "
        f"chats with sanctions alerts: {args.sanctions_share:.0%}"
    )
    for name in args.engines.split(","):
        if name == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
                bench_engine(name, url, state, docs, args, synthetic, scan_seconds)
        elif name == "postgres":
            import psycopg

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = "postgresql://postgres@127.0.0.1:5432/test"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'CREATE SCHEMA "{schema}"')
            try:
                url = f"{PG_URL}?options=-csearch_path%3D{schema}"
                bench_engine(name, url, state, docs, args, synthetic, scan_seconds)
            finally:
                with psycopg.connect(admin, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
        else:
            print(f"unknown engine {name!r}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
