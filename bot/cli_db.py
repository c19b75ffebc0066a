"""`watchbot db upgrade` and `watchbot version`."""

from __future__ import annotations

import argparse
from typing import Any

from bot import __version__
from bot.settings import Settings

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the `db` and `version` commands."""
    db = subparsers.add_parser("db", help="database schema commands")
    db_sub = db.add_subparsers(title="db commands", metavar="COMMAND")
    upgrade = db_sub.add_parser("upgrade", help="migrate the database to the latest schema")
    upgrade.set_defaults(func=run_upgrade)
    db.set_defaults(func=lambda args, settings: (db.print_help(), 2)[1])

    version = subparsers.add_parser("version", help="print the installed version")
    version.set_defaults(func=run_version)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Apply pending migrations (a no-op when the schema is current)."""
    from storage.db import redact_url
    from storage.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    applied = upgrade(settings.database_url)
    target = redact_url(settings.database_url)
    print(f"{target}: " + (f"applied {', '.join(applied)}" if applied else "schema is up to date"))
    return 0


def run_version(args: argparse.Namespace, settings: Settings) -> int:
    """Print the version."""
    print(f"watchbot {__version__}")
    return 0
