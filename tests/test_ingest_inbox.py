"""The folder inbox on real files: formats, done/ and failed/, settling, retries, clashes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ingest.documents import IncomingDocument
from ingest.inbox import scan_inbox
from ingest.inbox_files import read_inbox_file


def later() -> float:
    """A "now" for scans at which every file the test wrote has settled."""
    return time.time() + 60


class Recorder:
    """A handler that keeps what it was given (and can be told to fail)."""

    def __init__(self, fail: bool = False) -> None:
        self.docs: list[IncomingDocument] = []
        self.fail = fail

    async def __call__(self, doc: IncomingDocument) -> None:
        if self.fail:
            raise RuntimeError("database is locked")
        self.docs.append(doc)


EML = b"""From: Desk <desk@example.org>
To: inbox@example.org
Subject: =?utf-8?q?Soleimani_in_Moscow_=E2=80=94_report?=
Date: Fri, 07 Aug 2015 10:30:00 +0300
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Qasem Soleimani visited Moscow in late July, sources said.
--b1
Content-Type: text/html; charset=utf-8

<p>Qasem <b>Soleimani</b> visited Moscow in late July, sources said.</p>
--b1--
"""

HTML_EML = (
    b"Subject: Html only\nContent-Type: text/html; charset=windows-1251\n\n<html><body><p>"
    + "Путин встретился с Шойгу.".encode("cp1251")
    + b"</p></body></html>\n"
)


def write(inbox: Path, name: str, data: bytes | str) -> Path:
    inbox.mkdir(exist_ok=True)
    path = inbox / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("a.txt", "Putin meets Shoigu\n\nVladimir Putin met Sergei Shoigu.", "Putin meets Shoigu"),
        # A page saved as text: navigation lines come before the headline.
        (
            "b.txt",
            "Accessibility links\n\nBreaking News\n\nQuds Commander Visited Russia\n\nBody.",
            "Quds Commander Visited Russia",
        ),
        ("c.txt", "Short\nbody", "Short"),
        ("d.txt", "One line only", None),
        ("e.md", "intro line\n# Quds Force\n\nThe force is led by Soleimani.", "Quds Force"),
    ],
)
def test_title_of_a_text_file(name: str, text: str, title: str | None) -> None:
    assert read_inbox_file(name, text.encode()).title == title


async def test_each_format_becomes_a_document(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, "a.txt", "Putin meets Shoigu\n\nVladimir Putin met Sergei Shoigu today.")
    write(inbox, "b.md", "# Quds Force\n\nThe *Quds Force* is led by Soleimani.")
    write(
        inbox,
        "c.html",
        "<html><head><title>Page title</title><meta charset='utf-8'></head>"
        "<body><article><p>" + "Ghasem Soleimani spoke. " * 20 + "</p></article></body></html>",
    )
    write(inbox, "d.eml", EML)
    write(
        inbox,
        "e.json",
        '{"title": "Pushed", "text": "Soleimaini, misspelt", '
        '"url": "https://example.org/x", "published": "2015-08-07"}',
    )
    write(inbox, "f.eml", HTML_EML)
    handler = Recorder()
    report = await scan_inbox(inbox, handler, now=later())
    assert sorted(report.done) == ["a.txt", "b.md", "c.html", "d.eml", "e.json", "f.eml"]
    docs = {d.title: d for d in handler.docs}
    assert docs["Putin meets Shoigu"].text.endswith("Vladimir Putin met Sergei Shoigu today.")
    assert "The *Quds Force* is led by Soleimani." in docs["Quds Force"].text
    assert docs["Page title"].text.startswith("Ghasem Soleimani spoke.")
    mail = docs["Soleimani in Moscow — report"]
    assert mail.text == "Qasem Soleimani visited Moscow in late July, sources said."
    assert mail.published is not None and mail.published.isoformat() == "2015-08-07T07:30:00+00:00"
    assert docs["Pushed"].url == "https://example.org/x"
    assert docs["Html only"].text == "Путин встретился с Шойгу."
    assert {d.source_label for d in handler.docs} == {"inbox"}
    assert sorted(p.name for p in (inbox / "done").iterdir()) == sorted(report.done)
    assert [p.name for p in inbox.iterdir() if p.is_file()] == []


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("junk.txt", os.urandom(4096).replace(b"\xef", b"\x00"), "binary content"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n ", "empty file"),
        ("bad.json", b'{"text": "unterminated', "invalid JSON at line 1, column 10"),
        ("shape.json", b'{"body": "x"}', "unknown field 'body'"),
        ("mail.eml", b"no headers here, just text", "not an email message"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ],
)
async def test_bad_files_go_to_failed_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, name, data)
    write(inbox, "good.txt", "A good document that keeps flowing.")
    handler = Recorder()
    report = await scan_inbox(inbox, handler, now=later())
    assert report.done == ["good.txt"] and list(report.failed) == [name]
    assert (inbox / "failed" / name).read_bytes() == data  # nothing lost
    assert reason in (inbox / "failed" / f"{name}.reason.txt").read_text()
    assert [d.text for d in handler.docs] == ["A good document that keeps flowing."]


async def test_unknown_encoding_is_detected_and_noted(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    text = "Касем Сулеймани прибыл в Москву для переговоров с российскими военными."
    write(inbox, "ru.txt", text.encode("cp1251"))
    handler = Recorder()
    await scan_inbox(inbox, handler, now=later())
    (doc,) = handler.docs
    assert doc.text == text
    assert doc.notes and "detected" in doc.notes[0]


async def test_files_being_written_are_left_alone(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    fresh = write(inbox, "fresh.txt", "just written")
    for name in (".hidden.txt", "copy.txt.part", "download.crdownload", "x.tmp", "~lock.txt"):
        write(inbox, name, "partial")
    handler = Recorder()
    report = await scan_inbox(inbox, handler, now=time.time(), settle_seconds=30)
    assert report.waiting == ["fresh.txt"] and report.done == [] and handler.docs == []
    assert fresh.exists() and (inbox / "copy.txt.part").exists()
    report = await scan_inbox(inbox, handler, now=later())
    assert report.done == ["fresh.txt"]
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == sorted(
        [".hidden.txt", "copy.txt.part", "download.crdownload", "x.tmp", "~lock.txt"]
    )


async def test_a_failing_handler_keeps_the_file_then_gives_up(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    path = write(inbox, "doc.txt", "Some text for a pipeline that is down.")
    failing = Recorder(fail=True)
    for _ in range(2):
        report = await scan_inbox(inbox, failing, now=later(), max_attempts=3)
        assert "database is locked" in report.retry["doc.txt"]
        assert path.exists()  # not moved: read again next scan
    # The pipeline is back: the file goes through and its attempt counter is cleared.
    ok = Recorder()
    report = await scan_inbox(inbox, ok, now=later(), max_attempts=3)
    assert report.done == ["doc.txt"] and not list(inbox.glob(".*attempts"))
    # A file the handler always refuses ends in failed/ after max_attempts.
    write(inbox, "poison.txt", "This one always fails.")
    for _ in range(3):
        report = await scan_inbox(inbox, failing, now=later(), max_attempts=3)
    assert report.failed == {"poison.txt": "RuntimeError: database is locked"}
    assert "failed 3 times" in (inbox / "failed" / "poison.txt.reason.txt").read_text()


async def test_name_clashes_in_done_are_kept_apart(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    handler = Recorder()
    for round_number in range(3):
        write(inbox, "daily.txt", f"Daily report number {round_number}.")
        await scan_inbox(inbox, handler, now=later())
    done = sorted(p.name for p in (inbox / "done").iterdir())
    assert done == ["daily-1.txt", "daily-2.txt", "daily.txt"]
    assert (inbox / "done" / "daily-2.txt").read_text() == "Daily report number 2."


async def test_a_sync_handler_works_too(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, "a.txt", "Plain text.")
    seen: list[IncomingDocument] = []
    report = await scan_inbox(inbox, seen.append, now=later())
    assert report.done == ["a.txt"] and seen[0].text == "Plain text."


async def test_oversized_files_are_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, "big.txt", "x" * 5000)
    report = await scan_inbox(inbox, Recorder(), now=later(), max_bytes=1000)
    assert report.failed == {"big.txt": "too large"}
    assert "5,000 bytes, limit 1,000" in (inbox / "failed" / "big.txt.reason.txt").read_text()


async def test_a_crash_after_storing_reads_the_file_again_without_a_second_copy(
    tmp_path: Path, engine: Engine
) -> None:
    """The process dies after the pipeline stored the document but before the move."""
    from sqlmodel import Session, func, select

    from bot.matching_state import MatcherState
    from bot.pipeline import Pipeline
    from storage.models import Document
    from watchlists.matcher import Matcher

    pipeline = Pipeline(engine, MatcherState(Matcher()))
    inbox = tmp_path / "inbox"
    write(inbox, "story.txt", "Headline\n\nQasem Soleimani visited Moscow in July.")
    outcomes = []

    async def store_then_die(doc: IncomingDocument) -> None:
        outcomes.append(await pipeline.ingest(doc))
        raise KeyboardInterrupt  # not an Exception: stands for the process being killed

    with pytest.raises(KeyboardInterrupt):
        await scan_inbox(inbox, store_then_die, now=later())
    assert (inbox / "story.txt").exists()

    async def store(doc: IncomingDocument) -> None:
        outcomes.append(await pipeline.ingest(doc))

    report = await scan_inbox(inbox, store, now=later())
    assert report.done == ["story.txt"]
    assert [o.duplicate for o in outcomes] == [False, True]
    assert outcomes[0].document_id == outcomes[1].document_id
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == 1
