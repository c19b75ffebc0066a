"""`watchbot serve` and `watchbot inbox scan` as real processes on a SQLite file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WATCHBOT_", "TELEGRAM_"))}
    env.update(
        WATCHBOT_DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _watchbot(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


def test_serve_accepts_documents_until_stopped(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _env(tmp_path, WATCHBOT_PUSH_TOKEN="cli-token", PORT=str(port))
    process = subprocess.Popen(
        _watchbot("serve"),
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/documents",
                    json={"title": "CLI", "text": "Soleimani met Putin."},
                    headers={"Authorization": "Bearer cli-token"},
                )
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, process.communicate(timeout=5)
        assert response.status_code == 202 and response.json()["status"] == "accepted"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert f"listening on http://127.0.0.1:{port}/documents" in out
    assert "cli-token" not in out + err


def test_serve_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    done = subprocess.run(
        _watchbot("serve"),
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "set WATCHBOT_PUSH_TOKEN" in done.stderr


def test_inbox_scan_reports_each_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text("Title\n\nVladimir Putin met Sergei Shoigu.")
    (inbox / "empty.txt").write_bytes(b"")
    past = time.time() - 60
    for path in inbox.iterdir():
        os.utime(path, (past, past))
    done = subprocess.run(
        _watchbot("inbox", "scan"),
        cwd=tmp_path,
        env=_env(tmp_path, WATCHBOT_INBOX=str(inbox)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr  # one file failed
    assert "done     good.txt" in done.stdout
    assert "failed   empty.txt: empty file" in done.stdout
    assert (inbox / "done" / "good.txt").exists() and (inbox / "failed" / "empty.txt").exists()
