"""The `watchbot` console script: parses the command line, builds Settings, dispatches."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import __version__
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

# Each module adds its sub-commands through `register(subparsers)`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli_db",
    "bot.cli_scan",
    "bot.cli_lists",
    "bot.cli_service",
    "bot.cli_ingest",
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser, with every command's one-line description."""
    parser = argparse.ArgumentParser(
        prog="watchbot",
        description="Telegram alerts for mentions of watched names and sanctioned entities.",
    )
    parser.add_argument("--version", action="version", version=f"watchbot {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit 2 with one clear line on a bad setting or usage."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"watchbot: bad setting {exc}", file=sys.stderr)
        return 2
    token = settings.telegram_bot_token.get() if settings.telegram_bot_token else ""
    secrets = [token]
    if settings.webhook_secret:
        secrets.append(settings.webhook_secret.get())
    if settings.push_token:
        secrets.append(settings.push_token.get())
    configure_logging(settings.log_level, secrets)
    result: int = args.func(args, settings)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
