"""SIGKILL the inbox -> pipeline loop mid-batch, restart it, and find nothing lost or doubled.

The worker is this file run as a script (`python tests/test_crash_safety.py DB_URL INBOX`): it
builds the matcher as the service does (`MatcherState.load`), finishes interrupted documents
(`Pipeline.resume`), then feeds the inbox through `Pipeline.ingest` until it is empty.
The test compares what a killed-and-restarted run leaves in the database with a clean run
on the same documents, by content (URLs, spans, chats), not by row ids.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # the worker runs from the checkout without installing it
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from sqlalchemy import Engine, func, select  # noqa: E402
from sqlmodel import Session, col  # noqa: E402

from storage.models import AlertOutbox, DigestEntry, Document, MatchRow  # noqa: E402

NAMES = ["Soleimani", "Vladimir Putin", "Sergei Shoigu", '"Quds Force"', "Hezbollah"]
MODES = ["instant", "digest", "both"]
DOCS = 200
CHATS = 36


async def _work(db_url: str, inbox: Path) -> None:
    from bot.matching_state import MatcherState
    from bot.pipeline import Pipeline
    from ingest.inbox import scan_inbox
    from storage.db import create_db_engine

    engine = create_db_engine(db_url)
    pipeline = Pipeline(engine, MatcherState.load(engine))
    await pipeline.resume()
    while any(p.is_file() for p in inbox.iterdir()):
        await scan_inbox(inbox, pipeline.ingest, settle_seconds=0)
    engine.dispose()


def _seed_chats(engine: Engine) -> None:
    from storage.chats import mark_chat_inactive, update_chat_settings, upsert_chat
    from storage.terms import add_watch
    from watchlists.term_keys import normalise_term

    with Session(engine) as session, session.begin():
        for chat_id in range(1, CHATS + 1):
            upsert_chat(session, chat_id, "private", None)
            sanctions = "on" if chat_id % 7 == 0 else "digest" if chat_id % 9 == 0 else "off"
            update_chat_settings(
                session, chat_id, alert_mode=MODES[chat_id % 3], sanctions_mode=sanctions
            )
            for term in (NAMES[chat_id % len(NAMES)], NAMES[(chat_id * 3) % len(NAMES)]):
                add_watch(session, chat_id, term, normalise_term(term))
            if chat_id % 11 == 0:
                mark_chat_inactive(session, chat_id, "blocked")


def _write_inbox(bbc: Path, inbox: Path) -> None:
    """200 BBC articles, most with a watched name inserted; every 8th also from a 2nd outlet."""
    inbox.mkdir(parents=True)
    files = sorted(bbc.glob("politics/*.txt")) + sorted(bbc.glob("business/*.txt"))
    written = 0
    for number, path in enumerate(files):
        if written >= DOCS:
            break
        lines = path.read_text(encoding="latin-1").splitlines()
        if len(lines) < 3:
            continue
        name = NAMES[number % len(NAMES)].strip('"')
        if number % 4 != 3:  # a quarter keep only what the BBC wrote
            lines.insert(2, f"Analysts said {name} had been mentioned in the talks.")
        text = "\n".join(lines)
        (inbox / f"{written:04d}-bbc.txt").write_text(text, encoding="utf-8")
        written += 1
        if number % 8 == 0 and written < DOCS:
            edited = text.replace(" said ", " told reporters ", 2) + "\nCopyright another outlet."
            (inbox / f"{written:04d}-wire.txt").write_text(edited, encoding="utf-8")
            written += 1


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Everything the run produced, keyed by content; lists keep duplicates visible."""
    with Session(engine) as session:
        docs = {d.id: d for d in session.scalars(select(Document))}
        key = {i: d.content_hash for i, d in docs.items()}
        story_of = {i: key[d.story_id or i] for i, d in docs.items()}
        matches = session.scalars(select(MatchRow)).all()
        match_key = {m.id: (key[m.document_id], m.start, m.end, m.kind, m.target) for m in matches}
        outbox = session.scalars(select(AlertOutbox)).all()
        digests = session.scalars(select(DigestEntry)).all()
        unfinished = [i for i, d in docs.items() if d.fanned_out_at is None]
        return {
            "documents": sorted((key[i], story_of[i]) for i in docs),
            "matches": sorted(match_key.values()),
            "outbox": sorted(
                (
                    o.chat_id,
                    story_of[o.document_id or 0],
                    tuple(sorted(match_key[m] for m in o.match_ids)),
                )
                for o in outbox
            ),
            "digests": sorted((d.chat_id, match_key[d.match_id]) for d in digests),
            "unfinished": [(i,) for i in unfinished],
        }


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _pending(engine: Engine, *, scanned: bool) -> bool:
    """Whether some document waits for its fan-out, scanned or not yet."""
    with Session(engine) as session:
        stmt = select(col(Document.id)).where(col(Document.fanned_out_at).is_(None))
        stmt = stmt.where(
            col(Document.scanned_at).is_not(None) if scanned else col(Document.scanned_at).is_(None)
        )
        return session.scalar(stmt.limit(1)) is not None


def _start_worker(db_url: str, inbox: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as errors:  # a file, not a pipe: a killed child leaves nothing open
        return subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), db_url, str(inbox)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


def _prepare(db_url: str, bbc: Path, inbox: Path) -> Engine:
    from storage.db import create_db_engine
    from storage.migrate import upgrade

    upgrade(db_url)
    engine = create_db_engine(db_url)
    _seed_chats(engine)
    _write_inbox(bbc, inbox)
    return engine


@pytest.fixture(scope="module")
def clean_run(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[object, ...]]]:
    """What one uninterrupted run produces (in-process, on SQLite)."""
    base = tmp_path_factory.mktemp("clean")
    db_url = f"sqlite:///{base / 'clean.db'}"
    engine = _prepare(db_url, shared_data / "news" / "bbc_2004_2005", base / "inbox")
    asyncio.run(_work(db_url, base / "inbox"))
    snapshot = _snapshot(engine)
    engine.dispose()
    return snapshot


def test_sigkill_mid_batch_then_restart_loses_and_doubles_nothing(
    db_url: str,
    tmp_path: Path,
    shared_data: Path,
    clean_run: dict[str, list[tuple[object, ...]]],
) -> None:
    expected = clean_run
    assert len(expected["documents"]) == DOCS and not expected["unfinished"]
    stories = {story for _, story in expected["documents"]}
    assert len(stories) < DOCS  # wire copies joined their BBC story
    assert len(expected["outbox"]) > 60 and expected["digests"]

    inbox = tmp_path / "inbox"
    engine = _prepare(db_url, shared_data / "news" / "bbc_2004_2005", inbox)
    log = tmp_path / "worker.log"
    # Three kills, each aimed at another window of the pipeline: after a fan-out committed
    # (a third of the alerts exist), just after a document was stored (not yet scanned),
    # and between scan and fan-out. The last run goes to completion.
    third = len(expected["outbox"]) // 3
    stages = [
        ("after fan-out", lambda: _count(engine, AlertOutbox) >= third),
        ("stored, not scanned", lambda: _pending(engine, scanned=False)),
        ("scanned, not fanned out", lambda: _pending(engine, scanned=True)),
    ]
    left_unfinished = 0
    for stage, ready in stages:
        before = _count(engine, Document)
        worker = _start_worker(db_url, inbox, log)
        deadline = time.monotonic() + 60
        # Let the restarted worker finish what the last kill interrupted first.
        try:
            while _count(engine, Document) <= before + 5 or not ready():
                assert worker.poll() is None, f"{stage}: worker ended early\n{log.read_text()}"
                assert time.monotonic() < deadline, f"{stage}: worker made no progress"
                time.sleep(0.003)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
        interrupted = _snapshot(engine)
        assert len(interrupted["documents"]) < DOCS, f"{stage}: the kill landed after the batch"
        left_unfinished += len(interrupted["unfinished"])
    # At least one kill hit a document between its steps (else resume went untested).
    assert left_unfinished > 0

    restarted = _start_worker(db_url, inbox, log)
    assert restarted.wait(timeout=120) == 0, log.read_text()

    after = _snapshot(engine)
    engine.dispose()
    for part in ("documents", "matches", "outbox", "digests", "unfinished"):
        assert after[part] == expected[part], part
    assert not (inbox / "failed").exists()


if __name__ == "__main__":
    asyncio.run(_work(sys.argv[1], Path(sys.argv[2])))
