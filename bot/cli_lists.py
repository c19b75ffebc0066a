"""`watchbot lists load|status|update`: install sanctions lists from files or their publishers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.lists_repo import ListChangeSummary

__all__ = ["register"]

SHOWN_PROBLEMS = 5
SHOWN_CHANGES = 5


def register(subparsers: Any) -> None:
    """Add the `lists` command group."""
    lists = subparsers.add_parser("lists", help="sanctions lists: load, status, update")
    sub = lists.add_subparsers(title="lists commands", metavar="COMMAND")
    lists.set_defaults(func=lambda args, settings: (lists.print_help(), 2)[1])

    load = sub.add_parser("load", help="install lists from files or folders")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--format", help="parse every file as this format (default: detect)")
    load.add_argument("--max-bytes", type=int, default=None, help="largest file accepted")
    load.set_defaults(func=run_load)

    status = sub.add_parser("status", help="show the installed lists")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)

    update = sub.add_parser("update", help="download and install the latest lists")
    update.add_argument(
        "--only", default=None, help="comma-separated lists (un,ofac,uk,opensanctions)"
    )
    update.add_argument("--max-bytes", type=int, default=None, help="largest file accepted")
    update.add_argument("--timeout", type=float, default=60.0, help="connect/read timeout, s")
    update.add_argument(
        "--force",
        action="store_true",
        help="install a version even if it removes more than half of a list's entities",
    )
    update.set_defaults(func=run_update)


def _engine(settings: Settings) -> Engine:
    """The database, migrated to the latest schema first (a no-op when current)."""
    from storage.db import create_db_engine
    from storage.migrate import upgrade

    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    return create_db_engine(settings.database_url)


def run_load(args: argparse.Namespace, settings: Settings) -> int:
    """Parse every list first, then install each one; a fatal parse error installs nothing."""
    from ingest.list_files import DEFAULT_MAX_BYTES, read_list_paths
    from storage.lists_repo import ListStoreError, replace_list
    from watchlists.parsers import ListFormatError

    try:
        snapshots = read_list_paths(
            args.paths, format=args.format, max_bytes=args.max_bytes or DEFAULT_MAX_BYTES
        )
    except ListFormatError as exc:
        print(f"watchbot: cannot read list: {exc}; installed lists unchanged", file=sys.stderr)
        return 1
    engine = _engine(settings)
    failed = False
    try:
        for snapshot in snapshots:
            try:
                _print_summary(replace_list(engine, snapshot), sys.stdout)
            except ListStoreError as exc:
                print(f"watchbot: {exc}", file=sys.stderr)
                failed = True
    finally:
        engine.dispose()
    return 1 if failed else 0


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print what is installed, one line per list (or JSON)."""
    from storage.lists_repo import list_status

    engine = _engine(settings)
    try:
        status = list_status(engine)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
        return 0
    if not status:
        print("no lists installed; run `watchbot lists update` or `watchbot lists load PATH`")
        return 0
    for row in status:
        kinds = ", ".join(f"{count} {kind}" for kind, count in row["kinds"].items())
        print(
            f"{row['list']:<14} {row['entities']:>6} entities ({kinds}), {row['names']} names, "
            f"published {row['published'] or 'unknown'}, loaded {row['loaded_at']}, "
            f"{row['problems']} problems"
        )
    return 0


def run_update(args: argparse.Namespace, settings: Settings) -> int:
    """Download each list (conditional GET) and install the ones that changed."""
    import asyncio

    from ingest.list_download import LIST_NAMES

    names = LIST_NAMES
    if args.only:
        names = tuple(n.strip() for n in args.only.split(",") if n.strip())
        unknown = [n for n in names if n not in LIST_NAMES]
        if unknown:
            print(
                f"watchbot: unknown list {', '.join(unknown)}; known: {', '.join(LIST_NAMES)}",
                file=sys.stderr,
            )
            return 2
    engine = _engine(settings)
    try:
        failures = asyncio.run(_update_all(engine, names, args, settings))
    finally:
        engine.dispose()
    return 1 if failures else 0


async def _update_all(
    engine: Engine, names: tuple[str, ...], args: argparse.Namespace, settings: Settings
) -> int:
    """Update the lists one after the other; returns how many failed."""
    from sqlmodel import Session

    from bot.progress import DownloadProgress
    from ingest.list_download import (
        DEFAULT_LIST_MAX_BYTES,
        ListDownloadError,
        download_list,
        list_urls,
    )
    from storage.lists_repo import (
        UPDATE_MAX_REMOVED_FRACTION,
        ListStoreError,
        list_info,
        replace_list,
    )
    from watchlists.parsers import ListFormatError, parse_list

    failures = 0
    for name in names:
        with Session(engine) as session:
            info = list_info(session, name)
            etag, modified = (info.etag, info.last_modified) if info else (None, None)
        progress = DownloadProgress(name, sys.stderr)
        try:
            downloaded = await download_list(
                name,
                list_urls(name, settings.lists_urls),
                etag=etag,
                last_modified=modified,
                max_bytes=args.max_bytes or DEFAULT_LIST_MAX_BYTES,
                timeout=args.timeout,
                allow_private=settings.allow_private_urls,
                progress=progress,
            )
            progress.done()
            if downloaded.not_modified:
                print(f"{name}: not modified since the last update; nothing loaded")
                continue
            snapshot = parse_list(downloaded.files)
            if snapshot.list_name != name:
                raise ListStoreError(
                    f"{name}: the file downloaded holds the {snapshot.list_name} list"
                )
            summary = replace_list(
                engine,
                snapshot,
                etag=downloaded.etag,
                last_modified=downloaded.last_modified,
                max_removed_fraction=None if args.force else UPDATE_MAX_REMOVED_FRACTION,
            )
            _print_summary(summary, sys.stdout)
        except (ListDownloadError, ListFormatError, ListStoreError) as exc:
            progress.done()
            print(f"watchbot: {name}: {exc}; previous version kept", file=sys.stderr)
            failures += 1
    return failures


def _print_summary(summary: ListChangeSummary, out: TextIO) -> None:
    """One line per list, then its first changes and problems."""
    changes = (
        "first load"
        if summary.first_load
        else f"{len(summary.added)} added, {len(summary.removed)} removed"
    )
    print(
        f"{summary.list_name}: {summary.entities} entities, {summary.names} names, {changes}, "
        f"{len(summary.problems)} problems",
        file=out,
    )
    for label, items in (("added", summary.added), ("removed", summary.removed)):
        for change in items[:SHOWN_CHANGES]:
            print(f"  {label} {change.key} {change.name}", file=out)
        if len(items) > SHOWN_CHANGES:
            print(f"  ... and {len(items) - SHOWN_CHANGES} more {label}", file=out)
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        print(f"  problem: {problem}", file=out)
    if len(summary.problems) > SHOWN_PROBLEMS:
        print(f"  ... and {len(summary.problems) - SHOWN_PROBLEMS} more problems", file=out)
