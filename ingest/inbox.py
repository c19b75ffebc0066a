"""The folder inbox: each settled file becomes a document, then moves to done/ or failed/."""

from __future__ import annotations

import inspect
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.documents import IncomingDocument
from ingest.inbox_files import InboxFileError, read_inbox_file

__all__ = ["InboxReport", "scan_inbox"]

log = logging.getLogger(__name__)

DONE = "done"
FAILED = "failed"
# Names that editors, browsers and copy tools use while a file is still being written.
_PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".swp", "~")
InboxHandler = Callable[[IncomingDocument], Awaitable[object] | object]


@dataclass(slots=True)
class InboxReport:
    """What one scan did, by file name."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # name -> reason
    retry: dict[str, str] = field(default_factory=dict)  # handler failed; stays for next scan
    waiting: list[str] = field(default_factory=list)  # still being written


async def scan_inbox(
    inbox: Path,
    handle: InboxHandler,
    *,
    max_bytes: int = 5_000_000,
    settle_seconds: float = 2.0,
    max_attempts: int = 5,
    now: float | None = None,
) -> InboxReport:
    """Read each settled file of `inbox`, call `handle` with its document, then file it away.

    A file moves to done/ only after `handle` returned, so a crash before that means the
    file is read again next scan (the pipeline is idempotent). A file that cannot be read
    moves to failed/ with `<name>.reason.txt` beside it. When `handle` raises, the file
    stays for the next scan, and goes to failed/ after `max_attempts` tries. Files
    modified within `settle_seconds`, dotfiles and partial-download names are left alone.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    report = InboxReport()
    clock = time.time() if now is None else now
    for path in sorted(inbox.iterdir()):
        name = path.name
        if name.startswith((".", "~")) or name.endswith(_PARTIAL_SUFFIXES) or not path.is_file():
            continue
        try:
            before = path.stat()
            if clock - before.st_mtime < settle_seconds:
                report.waiting.append(name)
                continue
            if before.st_size > max_bytes:
                _fail(inbox, path, f"file too large: {before.st_size:,} bytes, limit {max_bytes:,}")
                report.failed[name] = "too large"
                continue
            data = path.read_bytes()
            after = path.stat()
        except FileNotFoundError:  # taken away by someone else meanwhile
            continue
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            report.waiting.append(name)
            continue
        await _process(inbox, path, data, handle, max_attempts, report)
    return report


async def _process(
    inbox: Path,
    path: Path,
    data: bytes,
    handle: InboxHandler,
    max_attempts: int,
    report: InboxReport,
) -> None:
    name = path.name
    try:
        doc = read_inbox_file(name, data)
    except InboxFileError as exc:
        log.warning("inbox file %s refused: %s", name, exc)
        _fail(inbox, path, str(exc))
        report.failed[name] = str(exc)
        return
    for note in doc.notes:
        log.info("inbox file %s: %s", name, note)
    try:
        outcome = handle(doc)
        if inspect.isawaitable(outcome):
            await outcome
    except Exception as exc:  # the handler's failure must not stop the other files
        reason = f"{type(exc).__name__}: {exc}"
        attempts = _count_attempt(path)
        log.exception("inbox file %s: handler failed (attempt %d)", name, attempts)
        if attempts >= max_attempts:
            _fail(inbox, path, f"handler failed {attempts} times; last error: {reason}")
            report.failed[name] = reason
        else:
            report.retry[name] = reason
        return
    target = _move(path, inbox / DONE)
    _attempts_file(path).unlink(missing_ok=True)
    report.done.append(name)
    log.info("inbox file %s processed, moved to %s", name, target)


def _fail(inbox: Path, path: Path, reason: str) -> Path:
    target = _move(path, inbox / FAILED)
    target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    _attempts_file(path).unlink(missing_ok=True)
    return target


def _move(path: Path, folder: Path) -> Path:
    """Move `path` into `folder` under a name no other file there has."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    number = 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        target = folder / f"{path.stem}-{number}{path.suffix}"
        number += 1
    os.replace(path, target)
    return target


def _attempts_file(path: Path) -> Path:
    # A dotfile, so the scan itself skips it.
    return path.with_name(f".{path.name}.attempts")


def _count_attempt(path: Path) -> int:
    marker = _attempts_file(path)
    try:
        attempts = int(marker.read_text(encoding="ascii").strip() or "0") + 1
    except (FileNotFoundError, ValueError):
        attempts = 1
    marker.write_text(str(attempts), encoding="ascii")
    return attempts
