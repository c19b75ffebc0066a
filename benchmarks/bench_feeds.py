"""Feed polling throughput against a loopback server answering 304, with a raw-httpx baseline.

Run: .venv/bin/python benchmarks/bench_feeds.py [--feeds 1000] [--concurrency 20]

The server runs in its own process (uvicorn), so client and server do not share a GIL.
Three measurements in the same run, over the same feed URLs:
  baseline  raw httpx GETs with If-None-Match (what any poller must at least do)
  poll_feed ingest.feeds.poll_feed through the SSRF-guarded, size-limited client
  round     storage claim (due_feeds) + poll_feed + record_poll_success on SQLite
Wall time is bound by the one-process uvicorn server; the client's CPU time per feed
shows what the guard, parsing and bookkeeping cost on our side.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from sqlmodel import Session  # noqa: E402

from ingest.feeds import PollStatus, poll_feed  # noqa: E402
from ingest.http_fetch import create_http_client  # noqa: E402
from ingest.limits import FetchLimits  # noqa: E402
from storage.db import create_db_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.sources import FeedState, add_feed, due_feeds, record_poll_success  # noqa: E402

ETAG = b'"v1"'


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer 304 when the client has the current version, else a one-entry feed."""
    if scope["type"] != "http":
        return
    headers = dict(scope["headers"])
    if headers.get(b"if-none-match") == ETAG:
        await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", ETAG)]})
        await send({"type": "http.response.body", "body": b""})
        return
    body = b'<rss version="2.0"><channel><title>b</title></channel></rss>'
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"etag", ETAG), (b"content-type", b"application/rss+xml")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def serve(sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(app, lifespan="off", log_level="error", access_log=False, ws="none")
    uvicorn.Server(config).run(sockets=[sock])


CPU: dict[str, float] = {}  # client-process CPU seconds of each measurement


async def timed(count: int, concurrency: int, one: Callable[[int], Awaitable[None]]) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def guarded(i: int) -> None:
        async with gate:
            await one(i)

    start = time.perf_counter()
    await asyncio.gather(*(guarded(i) for i in range(count)))
    return time.perf_counter() - start


async def run(feeds: int, concurrency: int, base: str) -> dict[str, float]:
    urls = [f"{base}/feed/{i}.xml" for i in range(feeds)]
    limits = FetchLimits()
    results: dict[str, float] = {}

    async with httpx.AsyncClient(
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20), trust_env=False
    ) as raw:

        async def baseline(i: int) -> None:
            response = await raw.get(urls[i], headers={"If-None-Match": ETAG.decode()})
            assert response.status_code == 304

        await timed(50, concurrency, baseline)  # warm-up: connections opened
        cpu = time.process_time()
        results["baseline"] = await timed(feeds, concurrency, baseline)
        CPU["baseline"] = time.process_time() - cpu

    states = [
        FeedState(i, url, None, ETAG.decode(), None, 900, 0, None) for i, url in enumerate(urls)
    ]
    async with create_http_client(limits, allow_private=True) as client:

        async def polled(i: int) -> None:
            result = await poll_feed(client, states[i], limits=limits)
            assert result.status is PollStatus.NOT_MODIFIED, result.error

        await timed(50, concurrency, polled)
        cpu = time.process_time()
        results["poll_feed"] = await timed(feeds, concurrency, polled)
        CPU["poll_feed"] = time.process_time() - cpu

        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            upgrade(url)
            engine = create_db_engine(url)
            now = datetime(2026, 1, 1, tzinfo=UTC)
            with Session(engine) as session:
                for feed_url in urls:
                    source = add_feed(session, feed_url, None, 900, now=now)
                    source.etag = ETAG.decode()
                    session.add(source)
                session.commit()

            async def round_trip() -> None:
                with Session(engine) as session:
                    due = due_feeds(session, now, feeds)
                gate = asyncio.Semaphore(concurrency)

                async def one(state: FeedState) -> None:
                    async with gate:
                        result = await poll_feed(client, state, limits=limits)
                    with Session(engine) as session:
                        record_poll_success(
                            session,
                            state.id,
                            now=now,
                            etag=result.etag,
                            last_modified=result.last_modified,
                        )

                await asyncio.gather(*(one(state) for state in due))
                assert len(due) == feeds

            start, cpu = time.perf_counter(), time.process_time()
            await round_trip()
            results["round"] = time.perf_counter() - start
            CPU["round"] = time.process_time() - cpu
            engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = multiprocessing.get_context("fork").Process(target=serve, args=(sock,), daemon=True)
    server.start()
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/ready", trust_env=False)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        results = asyncio.run(run(args.feeds, args.concurrency, f"http://127.0.0.1:{port}"))
    finally:
        server.terminate()
        server.join()
    per_minute = {name: args.feeds / seconds * 60 for name, seconds in results.items()}
    print(f"{args.feeds} feeds, concurrency {args.concurrency}, every answer a 304 (loopback)")
    for name, label in (
        ("baseline", "raw httpx GET (baseline)"),
        ("poll_feed", "poll_feed (guarded client)"),
        ("round", "claim + poll_feed + record (SQLite)"),
    ):
        print(
            f"  {label:38s} {results[name]:6.2f} s  {per_minute[name]:10,.0f} feeds/minute"
            f"  ({per_minute[name] / per_minute['baseline']:.2f} x baseline)"
            f"  client CPU {CPU[name] / args.feeds * 1000:.2f} ms/feed"
            f" ({CPU[name] / CPU['baseline']:.1f} x)"
        )
    target = 1000
    verdict = "meets" if per_minute["round"] >= target else "misses"
    print(f"target >= {target:,} feeds/minute: the full round {verdict} it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
