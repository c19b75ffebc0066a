"""`watchbot demo` runs the whole scripted conversation: the real service, jobs and inbox."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli import main
from bot.demo import run_demo


async def test_demo_shows_the_alert_and_the_digest() -> None:
    out = io.StringIO()
    assert await run_demo(out) == 0, out.getvalue()
    text = out.getvalue()
    assert "🔔" in text and "Soleimani" in text  # the alert
    assert "📰 Digest for" in text
    assert text.rstrip().endswith("demo OK: /start, /watch, the alert and the digest all arrived.")


async def test_demo_fails_clearly_without_its_article(tmp_path: Path) -> None:
    out = io.StringIO()
    assert await run_demo(out, tmp_path / "missing.txt") == 1
    assert "missing" in out.getvalue()


def test_run_and_demo_are_commands(capsys: object) -> None:
    try:
        main(["--help"])
    except SystemExit as exit:
        assert exit.code == 0
    shown = capsys.readouterr().out  # type: ignore[attr-defined]
    assert " run " in shown and " demo " in shown
