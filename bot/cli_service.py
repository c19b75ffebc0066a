"""`watchbot run` (the service, or the sandbox without a token) and `watchbot demo`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from typing import Any

from bot.settings import Settings

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the `run` and `demo` commands."""
    run = subparsers.add_parser(
        "run",
        help="run the bot (long polling, or webhook with WATCHBOT_WEBHOOK_URL); "
        "without TELEGRAM_BOT_TOKEN, the local sandbox with an interactive console",
    )
    run.set_defaults(func=run_command)
    demo = subparsers.add_parser(
        "demo", help="a scripted conversation against the emulator; exits 0 when it works"
    )
    demo.set_defaults(func=demo_command)


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the service until SIGTERM/SIGINT; the sandbox when no token is set."""
    if settings.sandbox:
        from bot.sandbox import run_sandbox

        return _run_leaving_stdin(run_sandbox(settings))
    from bot.service import run_service

    asyncio.run(run_service(settings))
    return 0


def demo_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the scripted demo in a temporary folder."""
    import logging

    from bot.demo import run_demo

    if settings.log_level != "DEBUG":
        # The conversation is the output; job and request logs would drown it.
        logging.getLogger().setLevel(logging.WARNING)

    return asyncio.run(run_demo(sys.stdout))


def _run_leaving_stdin(main: Any) -> int:
    """Run the sandbox; exit at once afterwards if the console's stdin reader still blocks.

    The console reads stdin in a worker thread; after Ctrl-C or SIGTERM that thread stays
    blocked in readline() until a line arrives, and the interpreter would wait for it at
    exit. Everything is stopped and closed by then, so leaving at once loses nothing.
    """
    loop = asyncio.new_event_loop()
    try:
        code: int = loop.run_until_complete(main)
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
    sys.stdout.flush()
    sys.stderr.flush()
    if any(
        t.is_alive() and not t.daemon
        for t in threading.enumerate()
        if t is not threading.main_thread()
    ):
        os._exit(code)
    return code
