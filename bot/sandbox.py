"""The local sandbox: no token needed. The emulator plays Telegram, you type as a user.

`watchbot run` without TELEGRAM_BOT_TOKEN lands here: the loopback emulator starts, the
service talks to it with the emulator's token, SQLite and the bundled seed lists and
documents stand in for production data, and the console runs in the foreground.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from bot.settings import Secret, Settings

__all__ = [
    "SEED_DOCUMENTS",
    "install_seed_lists",
    "run_sandbox",
    "sandbox_settings",
    "seed_inbox_once",
]

log = logging.getLogger(__name__)

SEED_DOCUMENTS = Path(__file__).resolve().parents[1] / "seeds" / "documents"
_SEEDED_MARK = ".sandbox-documents-seeded"


def sandbox_settings(settings: Settings, token: str, base_url: str) -> Settings:
    """The settings pointed at the emulator, with a SQLite database in the data folder."""
    database_url = settings.database_url
    if not database_url.startswith("sqlite"):
        # The sandbox never writes into a production database.
        database_url = f"sqlite:///{settings.data_dir / 'sandbox.db'}"
    return replace(
        settings,
        telegram_bot_token=Secret(token),
        telegram_base_url=base_url,
        database_url=database_url,
        webhook_url=None,
        webhook_secret=None,
        lists_update_at=None,  # no downloads: the seed lists are installed instead
    )


def install_seed_lists(engine: Engine, folder: Path | None = None) -> list[str]:
    """Install the bundled seed lists when no list is installed; returns the lists loaded."""
    from ingest.list_files import read_list_paths, seed_lists_dir
    from storage.lists_repo import replace_list
    from storage.models import ListInfo

    with Session(engine) as session:
        installed = session.scalar(select(func.count()).select_from(ListInfo)) or 0
    if installed:
        return []
    loaded = []
    for snapshot in read_list_paths([folder or seed_lists_dir()]):
        summary = replace_list(engine, snapshot)
        loaded.append(f"{summary.list_name} ({summary.entities} entities)")
    return loaded


def seed_inbox_once(inbox: Path, data_dir: Path, source: Path = SEED_DOCUMENTS) -> int:
    """Copy the seed documents into the inbox the first time only; returns how many."""
    mark = data_dir / _SEEDED_MARK
    if mark.exists() or not source.is_dir():
        return 0
    inbox.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, inbox / path.name)
            count += 1
    mark.write_text("seed documents copied into the inbox once\n", encoding="utf-8")
    return count


async def run_sandbox(settings: Settings) -> int:
    """Emulator + service + console until /quit, end of input, Ctrl-C or SIGTERM."""
    from bot.console import Console
    from bot.emulator import TelegramEmulator
    from bot.service import build_services, running_service, stop_on_signals

    stop = asyncio.Event()
    stop_on_signals(stop)
    async with TelegramEmulator() as emulator:
        local = sandbox_settings(settings, emulator.token, emulator.base_url)
        services = await asyncio.to_thread(build_services, local)
        loaded = await asyncio.to_thread(install_seed_lists, services.engine)
        if loaded:
            await services.matcher.reload_lists(services.engine)
        seeded = seed_inbox_once(local.inbox, local.data_dir)
        async with running_service(services):
            print(
                f"Watchbot sandbox: Telegram is emulated on {emulator.base_url}, data in "
                f"{local.data_dir}.\nSeed lists: {', '.join(loaded) or 'already installed'}. "
                f"Inbox: {local.inbox} ({seeded} seed documents copied); drop .txt/.html/.md "
                f"files there to see alerts.",
                flush=True,
            )
            console = asyncio.create_task(Console(emulator, sys.stdin, sys.stdout).run())
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({console, stopper}, return_when=asyncio.FIRST_COMPLETED)
            for task in (console, stopper):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    return 0
