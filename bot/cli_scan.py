"""`watchbot scan PATH...` (mentions in documents) and `watchbot check NAME` (screen a name)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.settings import Settings

if TYPE_CHECKING:
    from watchlists.entities import ListEntity
    from watchlists.matcher import Matcher

__all__ = ["DOCUMENT_SUFFIXES", "register"]

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".md")


def register(subparsers: Any) -> None:
    """Add the `scan` and `check` commands."""
    scan = subparsers.add_parser(
        "scan", help="find mentions of listed entities and watch terms in documents"
    )
    scan.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a folder of .txt/.html/.md files, or - for standard input",
    )
    _add_lists_option(scan)
    scan.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="TERM",
        help="a watch term (repeatable); quote a phrase: --watch '\"Quds Force\"'",
    )
    scan.add_argument("--json", action="store_true", help="one JSON object per line and mention")
    scan.set_defaults(func=run_scan)

    check = subparsers.add_parser("check", help="screen one name against the lists")
    check.add_argument("name", metavar="NAME")
    _add_lists_option(check)
    check.add_argument(
        "--limit", type=_positive, default=10, help="how many candidates (default 10)"
    )
    check.add_argument("--json", action="store_true", help="one JSON object per line")
    check.set_defaults(func=run_check)


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _add_lists_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lists",
        action="append",
        default=[],
        metavar="PATH",
        type=Path,
        help="list files or folders (repeatable); default: the lists installed in the database, "
        "else the bundled seed lists",
    )


def run_scan(args: argparse.Namespace, settings: Settings) -> int:
    """Scan each document and print its mentions."""
    matcher = _build_matcher_or_say(args.lists, settings, "scan")
    if matcher is None:
        return 2
    for term in args.watch:
        try:
            matcher.add_term(term)
        except ValueError as exc:
            print(f"watchbot scan: {exc}", file=sys.stderr)
            return 2
    rows = skipped = 0
    try:
        for label, text in _documents(args.paths, settings.max_document_bytes):
            if text is None:
                skipped += 1
                continue
            for mention in matcher.scan(text):
                rows += 1
                if args.json:
                    print(json.dumps({"document": label, **mention.to_json()}, ensure_ascii=False))
                else:
                    refs = ",".join(mention.refs) if mention.refs else f"watch:{mention.term}"
                    print(
                        f"{label}\t{mention.start}-{mention.end}\t{mention.text!r}\t"
                        f"{mention.band}\t{mention.score:.2f}\t{mention.how}\t{refs}\t"
                        f"{mention.name}"
                    )
    except OSError as exc:
        print(f"watchbot scan: {exc}", file=sys.stderr)
        return 1
    if not args.json:
        print(f"{rows} mention(s)", file=sys.stderr)
    return 1 if skipped else 0


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print the best candidates for one name."""
    from watchlists.folding import fold

    if not fold(args.name):
        print("watchbot check: the name holds no letter or digit", file=sys.stderr)
        return 2
    matcher = _build_matcher_or_say(args.lists, settings, "check")
    if matcher is None:
        return 2
    candidates = matcher.check(args.name, limit=args.limit)
    for c in candidates:
        if args.json:
            print(json.dumps(c.to_json(), ensure_ascii=False))
        else:
            print(f"{c.score:.2f}\t{','.join(c.refs)}\t{c.name}\t{c.how}")
    if not candidates and not args.json:
        print("no candidates", file=sys.stderr)
    return 0


def _build_matcher_or_say(
    list_paths: Sequence[Path], settings: Settings, command: str
) -> Matcher | None:
    """The matcher, or None after one line on stderr when a list cannot be read."""
    from watchlists.parsers import ListFormatError

    try:
        return _build_matcher(list_paths, settings)
    except (ListFormatError, OSError) as exc:  # OSError: a list file we may not read
        print(f"watchbot {command}: cannot read list: {exc}", file=sys.stderr)
        return None


def _build_matcher(list_paths: Sequence[Path], settings: Settings) -> Matcher:
    from watchlists.linking import link_entities
    from watchlists.matcher import Matcher

    entities, links = _load_entities(list_paths, settings)
    if links is None:
        links = link_entities(entities)
    return Matcher(entities, links=links)


def _load_entities(
    list_paths: Sequence[Path], settings: Settings
) -> tuple[list[ListEntity], dict[str, str] | None]:
    """Entities from --lists, else from the database when it holds lists, else the seeds."""
    from ingest.list_files import read_list_paths, seed_lists_dir

    if list_paths:
        snapshots = read_list_paths(list(list_paths))
        return [e for s in snapshots for e in s.entities], None
    installed = _installed(settings)
    if installed is not None:
        return installed
    snapshots = read_list_paths([seed_lists_dir()])
    return [e for s in snapshots for e in s.entities], None


def _installed(settings: Settings) -> tuple[list[ListEntity], dict[str, str]] | None:
    """The lists installed in the database, or None when there is no database or no list."""
    url = settings.database_url
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if not path or not Path(path).is_file():
            return None
    try:
        from storage import lists_repo  # type: ignore[attr-defined,unused-ignore]
        from storage.db import create_db_engine
    except ImportError:
        return None
    engine = create_db_engine(url)
    try:
        entities = lists_repo.installed_entities(engine)
        if not entities:
            return None
        return list(entities), dict(lists_repo.installed_links(engine))
    except Exception as exc:  # an unmigrated or foreign database: say so, use the seeds
        print(
            f"watchbot: no lists read from the database ({exc}); using seed lists", file=sys.stderr
        )
        return None
    finally:
        engine.dispose()


def _documents(paths: Sequence[str], max_bytes: int) -> Iterator[tuple[str, str | None]]:
    """(label, text) for every document named: files, folders (recursively), or - for stdin.

    A document over `max_bytes` (WATCHBOT_MAX_DOCUMENT_BYTES, as for pushed documents) is
    skipped with one line on stderr: its text is None.
    """
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            yield "-", _within("-", data, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
        elif path.is_file():
            files = [path]
        else:
            raise OSError(f"{raw}: no such file or folder")
        for file in files:
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
            text = _within(str(file), data, max_bytes)
            yield str(file), None if text is None else _as_text(file, text)


def _within(label: str, data: bytes, max_bytes: int) -> str | None:
    """The decoded text, or None after one line on stderr when it is over the limit."""
    from ingest.text_decoding import decode_text

    if len(data) > max_bytes:
        print(
            f"watchbot scan: {label}: over the limit of {max_bytes:,} bytes "
            "(WATCHBOT_MAX_DOCUMENT_BYTES); skipped",
            file=sys.stderr,
        )
        return None
    return decode_text(data).text


def _as_text(path: Path, text: str) -> str:
    """The text of an HTML page, or the file's text as it is."""
    if path.suffix.lower() in (".html", ".htm"):
        from ingest.html_text import page_to_text

        return page_to_text(text)
    return text
