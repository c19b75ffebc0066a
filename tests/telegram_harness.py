"""Helpers for end-to-end tests that drive python-telegram-bot through the loopback emulator.

- `running_emulator(**options)`: async context manager; a started `TelegramEmulator`.
- `emulator` fixture: the same, per test, with flood limits off (import it into a test module
  or list this module in `pytest_plugins`).
- `emulator_bot(emu)`: a `telegram.Bot` pointed at the emulator (use `async with`).
- `build_application(emu)`: an `ApplicationBuilder` preset with token, base_url, base_file_url.
- `running_application(app)`: async context manager that initialises, starts and polls `app`
  like `run_polling` does, and shuts it down cleanly afterwards.
- `emulator_settings(emu, folder, ...)`: the service's `Settings` pointed at the emulator, with
  its data, SQLite database (unless given) and inbox in `folder`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder

from bot.emulator import TelegramEmulator
from bot.settings import Secret, Settings

__all__ = [
    "build_application",
    "emulator",
    "emulator_bot",
    "emulator_settings",
    "running_application",
    "running_emulator",
]

# Short long-poll so stopping an Application never waits on a pending getUpdates for long.
POLL_TIMEOUT = 1


@asynccontextmanager
async def running_emulator(**options: Any) -> AsyncIterator[TelegramEmulator]:
    """A started emulator on a free 127.0.0.1 port; stopped on exit."""
    emu = TelegramEmulator(**options)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    """A fresh emulator per test (flood limits off, privacy mode on)."""
    async with running_emulator() as emu:
        yield emu


def emulator_bot(emu: TelegramEmulator) -> Bot:
    """A PTB Bot talking to the emulator; use it as `async with emulator_bot(emu) as bot`."""
    return Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)


def emulator_settings(
    emu: TelegramEmulator, folder: Path, database_url: str | None = None, **overrides: Any
) -> Settings:
    """Settings for a service talking to `emu`, its files (and SQLite database) in `folder`."""
    return Settings(
        telegram_bot_token=Secret(emu.token),
        telegram_base_url=emu.base_url,
        data_dir=folder,
        database_url=database_url or f"sqlite:///{folder / 'watchbot.db'}",
        inbox=folder / "inbox",
        **overrides,
    )


def build_application(emu: TelegramEmulator) -> ApplicationBuilder:  # type: ignore[type-arg]
    """An ApplicationBuilder preset for the emulator; add handlers after `.build()`."""
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
    )


@asynccontextmanager
async def running_application(
    app: Application,  # type: ignore[type-arg]
    *,
    poll_timeout: int = POLL_TIMEOUT,
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run `app` as run_polling would (initialize, start, start_polling) and stop it after."""
    await app.initialize()
    await app.start()
    assert app.updater is not None, "build the Application with an Updater"
    await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
    try:
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
