"""`watchbot scan` and `watchbot check` end to end: the bundled seed lists and documents."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED_LISTS = ROOT / "seeds" / "lists"
ARTICLE = ROOT / "seeds" / "documents" / "rferl_soleimani_russia_2015-08.txt"
KEYS = ["document", "start", "end", "text", "kind", "refs", "name", "score", "band", "how"]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No database with lists in the way; `main` configures logging, which is given back."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setenv("WATCHBOT_DATA_DIR", str(tmp_path / "data"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_scan_json_gives_one_object_per_mention(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(ARTICLE), "--lists", str(SEED_LISTS), "--json"]) == 0
    rows = _lines(capsys.readouterr().out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert rows
    for row in rows:
        assert list(row) == KEYS  # no "term" on a sanction mention
        assert text[row["start"] : row["end"]] == row["text"]
    found = {row["text"]: row for row in rows}
    soleimani = found["Ghasem Soleimani"]
    assert soleimani["kind"] == "sanction" and soleimani["band"] == "alert"
    assert soleimani["how"] == "transliteration"
    assert {"un:IRi.039", "ofac:10481"} <= set(soleimani["refs"])
    # Samantha Power is not the word "power", nor a listed entity.
    assert "Power" not in found and "Samantha Power" not in found


def test_scan_reads_stdin_and_watch_terms(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "The Qods Force moved. Later the storm hit Quds Street.")
    argv = ["scan", "-", "--lists", str(SEED_LISTS), "--watch", '"Quds Force"', "--json"]
    assert main(argv) == 0
    watch = [row for row in _lines(capsys.readouterr().out) if row["kind"] == "watch"]
    assert [(row["document"], row["text"], row["term"]) for row in watch] == [
        ("-", "Qods Force", '"quds force')
    ]


def test_scan_prints_a_table_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Major General Ghasem Soleimani met officials.")
    (folder / "b.html").write_text("<html><body><p>Qasem Soleimani</p></body></html>")
    (folder / "c.bin").write_bytes(b"Qasem Soleimani")  # not a document suffix: not read
    assert main(["scan", str(folder), "--lists", str(SEED_LISTS)]) == 0
    captured = capsys.readouterr()
    rows = [line.split("\t") for line in captured.out.splitlines()]
    assert [(Path(r[0]).name, r[2], r[3]) for r in rows] == [
        ("a.txt", "'Ghasem Soleimani'", "alert"),
        ("b.html", "'Qasem Soleimani'", "alert"),
    ]
    assert captured.err.strip() == "2 mention(s)"


def test_scan_skips_a_document_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WATCHBOT_MAX_DOCUMENT_BYTES", "1000")
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text("Qasem Soleimani. " * 100)
    small.write_text("Qasem Soleimani.")
    assert main(["scan", str(big), str(small), "--lists", str(SEED_LISTS), "--json"]) == 1
    captured = capsys.readouterr()
    assert [row["document"] for row in _lines(captured.out)] == [str(small)]
    assert "big.txt: over the limit of 1,000 bytes" in captured.err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["scan", "missing.txt"], 1, "missing.txt: no such file or folder"),
        (["scan", "-", "--lists", "nowhere"], 2, "cannot read list: nowhere"),
        (["scan", "-", "--lists", "bad.json"], 2, "unknown list format"),
        (["scan", "-", "--watch", "?!"], 2, "watchbot scan:"),
        (["check", "Qasem", "--lists", "bad.json"], 2, "unknown list format"),
        (["check", " -- "], 2, "the name holds no letter or digit"),
    ],
)
def test_bad_input_gets_one_clear_line(
    argv: list[str],
    code: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "bad.json").write_text("not a list\n")
    _stdin(monkeypatch, "Qasem Soleimani")
    argv = [*argv, "--lists", str(SEED_LISTS)] if "--lists" not in argv else argv
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_check_ranks_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", "Ghasem Soleimani", "--lists", str(SEED_LISTS), "--json", "--limit", "2"]
    assert main(argv) == 0
    rows = _lines(capsys.readouterr().out)
    assert len(rows) == 2
    assert all(list(row) == ["refs", "name", "score", "how"] for row in rows)
    assert "un:IRi.039" in rows[0]["refs"]
    assert rows[0]["score"] >= rows[1]["score"]


def test_check_refuses_a_limit_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "Qasem", "--limit", "0"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err
