"""`watchbot run` without a token: the sandbox with emulator, seeds and console, driven by stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "/start\n/wait 10\n/watch Soleimani\n/wait 10\n/quit\n"


def run_sandbox(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WATCHBOT_"))}
    env.update(
        {
            "WATCHBOT_DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'watchbot.db'}",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input=SCRIPT,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=90,
        check=False,
    )


def test_sandbox_runs_the_console_and_seeds_once(tmp_path: Path) -> None:
    first = run_sandbox(tmp_path)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Telegram is emulated on http://127.0.0.1:" in out
    assert "(3 seed documents copied)" in out and "un (" in out  # seed lists installed
    assert "Watching Soleimani" in out  # the bot answered through the real stack
    inbox = tmp_path / "data" / "inbox"
    seeded = {p.name for p in inbox.rglob("*") if p.is_file()}
    assert "rferl_soleimani_russia_2015-08.txt" in seeded
    second = run_sandbox(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "(0 seed documents copied)" in second.stdout
    assert "Seed lists: already installed" in second.stdout
