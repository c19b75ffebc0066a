"""`watchbot demo`: a scripted conversation with the real service and the emulator, no terminal.

Steps: /start, /watch Soleimani, /mode both (so the digest has something to show), the
RFE/RL article lands in the inbox, the alert arrives, /digest now. Each step prints what
the user sees; a step that does not happen in time fails the demo with a clear message.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.sandbox import SEED_DOCUMENTS, install_seed_lists, sandbox_settings
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.emulator import ChatMessage, EmuUser, TelegramEmulator

__all__ = ["ARTICLE", "DemoFailed", "run_demo"]

ARTICLE = "rferl_soleimani_russia_2015-08.txt"
STEP_TIMEOUT = 30.0


class DemoFailed(Exception):
    """A step did not happen; the message says which and what the bot did instead."""


async def run_demo(out: TextIO, article: Path | None = None) -> int:
    """Run the scripted conversation in a temporary data folder; 0 on success, 1 on failure."""
    from bot.emulator import TelegramEmulator
    from bot.service import build_services, running_service

    source = article or SEED_DOCUMENTS / ARTICLE
    if not source.is_file():
        print(f"demo: the seed article {source} is missing", file=out)
        return 1
    with tempfile.TemporaryDirectory(prefix="watchbot-demo-") as tmp:
        data = Path(tmp)
        async with TelegramEmulator() as emu:
            base = Settings(
                data_dir=data,
                database_url=f"sqlite:///{data / 'watchbot.db'}",
                inbox=data / "inbox",
                inbox_interval=1,
                outbox_interval=1,
            )
            settings = sandbox_settings(base, emu.token, emu.base_url)
            services = await asyncio.to_thread(build_services, settings)
            if await asyncio.to_thread(install_seed_lists, services.engine):
                await services.matcher.reload_lists(services.engine)
            async with running_service(services):
                user = emu.add_user("Demo", "demo_user")

                def show(who: str, text: str) -> None:
                    print(f"--- {who}\n{text}", file=out, flush=True)

                async def say(
                    text: str, expect: Callable[[ChatMessage], bool] | None = None
                ) -> None:
                    show("you", text)
                    emu.send_text(user, None, text)
                    reply = await _wait(emu, user, expect, f"a reply to {text}")
                    show("bot", reply.text or "")

                try:
                    await say("/start")
                    await say("/watch Soleimani")
                    await say("/mode both")
                    inbox = settings.inbox
                    inbox.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, inbox / source.name)
                    show("inbox", f"{source.name} dropped into {inbox}")
                    alert = await _wait(
                        emu, user, lambda m: "Soleimani" in (m.text or ""), "the alert"
                    )
                    show("bot (alert)", alert.text or "")
                    await say("/digest now")
                except DemoFailed as exc:
                    print(f"demo FAILED: {exc}", file=out, flush=True)
                    return 1
    print("demo OK: /start, /watch, the alert and the digest all arrived.", file=out)
    return 0


async def _wait(
    emu: TelegramEmulator,
    user: EmuUser,
    expect: Callable[[ChatMessage], bool] | None,
    what: str,
) -> ChatMessage:
    try:
        return await emu.wait_for_message(user, expect, timeout=STEP_TIMEOUT)
    except TimeoutError as exc:
        raise DemoFailed(f"no {what} within {STEP_TIMEOUT:.0f} s ({exc})") from None
