"""`watchbot lists load|status|update` end to end: real files, a real loopback HTTP server."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from ingest.list_download import list_urls

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "lists"
OFAC_SET = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


class ListServer:
    """Serves {path: bytes} on 127.0.0.1 with ETag/Last-Modified and 304s; records requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.unannounced: set[str] = set()  # paths sent without Content-Length
        self.requests: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, self.headers.get("If-None-Match")))
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Fri, 27 Feb 2026 00:00:00 GMT")
                if self.path not in server.unannounced:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server() -> Iterator[ListServer]:
    running = ListServer()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`main` configures the root logger for the process; give pytest its handlers back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("WATCHBOT_DATA_DIR", str(tmp_path / "data"))
    return db_url


def _status(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["lists", "status", "--json"]) == 0
    return {row["list"]: row for row in json.loads(capsys.readouterr().out)}


def test_load_seeds_then_status(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "load", str(SEEDS / "un"), str(SEEDS / "uk" / "ConList.csv")]) == 0
    out = capsys.readouterr().out
    assert "un: 5 entities" in out and "first load" in out and "uk: " in out
    status = _status(capsys)
    assert set(status) == {"un", "uk"}
    assert status["un"]["entities"] == 5
    assert main(["lists", "status"]) == 0
    assert "un " in capsys.readouterr().out
    # A format forced on the wrong file is a fatal parse error; nothing changes.
    assert main(["lists", "load", "--format", "uk-csv", str(SEEDS / "un")]) == 1
    assert "consolidated.xml" in capsys.readouterr().err
    assert _status(capsys)["un"]["entities"] == 5


def test_fatal_parse_error_names_the_file_and_keeps_lists(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lists", "load", str(SEEDS / "un")]) == 0
    broken = tmp_path / "consolidated.xml"
    text = (SEEDS / "un" / "consolidated.xml").read_text(encoding="utf-8")
    broken.write_text(text[: len(text) // 2], encoding="utf-8")  # a truncated download
    capsys.readouterr()
    assert main(["lists", "load", str(broken)]) == 1
    err = capsys.readouterr().err
    assert str(broken) in err and "line" in err and "unchanged" in err
    assert _status(capsys)["un"]["entities"] == 5


def _serve_seeds(server: ListServer, un: bytes) -> str:
    server.files["/un/consolidated.xml"] = un
    for name in OFAC_SET:
        server.files[f"/ofac/{name.upper()}"] = (SEEDS / "ofac" / name).read_bytes()
    server.files["/uk/ConList.csv"] = (SEEDS / "uk" / "ConList.csv").read_bytes()
    server.files["/os/targets.simple.csv"] = (
        SEEDS / "opensanctions" / "targets.simple.csv"
    ).read_bytes()
    b = server.base
    return (
        f"un={b}/un/consolidated.xml,ofac={b}/ofac/SDN.CSV,uk={b}/uk/ConList.csv,"
        f"opensanctions={b}/os/targets.simple.csv"
    )


def test_update_downloads_then_304_then_changes(
    cli_env: str,
    server: ListServer,
    shared_data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    full_un = (shared_data / "sanctions" / "un" / "consolidated_2026-02-27.xml").read_bytes()
    monkeypatch.setenv("WATCHBOT_LISTS_BASE_URLS", _serve_seeds(server, full_un))
    monkeypatch.setenv("WATCHBOT_ALLOW_PRIVATE_URLS", "true")

    assert main(["lists", "update"]) == 0
    out = capsys.readouterr().out
    assert "un: 1003 entities" in out and out.count("first load") == 4
    status = _status(capsys)
    assert status["un"]["kinds"] == {"organisation": 273, "person": 730}
    assert str(status["un"]["etag"]).startswith('"')
    assert sorted(p for p, _ in server.requests) == sorted(server.files)  # companions too

    # Nothing changed: one conditional request per list, answered 304, nothing loaded.
    server.requests.clear()
    assert main(["lists", "update"]) == 0
    assert capsys.readouterr().out.count("not modified") == 4
    assert len(server.requests) == 4 and all(etag for _, etag in server.requests)

    # The UN publishes a new version: only the UN list is downloaded and reloaded.
    # The UN "publishes" a version without most of its entries (the seed extract): an
    # update refuses to drop more than half a list unless forced.
    server.files["/un/consolidated.xml"] = (SEEDS / "un" / "consolidated.xml").read_bytes()
    assert main(["lists", "update", "--only", "un"]) == 1
    assert "remove 998 of the 1,003" in capsys.readouterr().err
    assert _status(capsys)["un"]["entities"] == 1003
    assert main(["lists", "update", "--only", "un", "--force"]) == 0
    out = capsys.readouterr().out
    assert "un: 5 entities" in out and "0 added, 998 removed" in out
    assert _status(capsys)["un"]["entities"] == 5


def test_update_refuses_oversized_and_private_and_keeps_lists(
    cli_env: str,
    server: ListServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_un = (SEEDS / "un" / "consolidated.xml").read_bytes()
    monkeypatch.setenv("WATCHBOT_LISTS_BASE_URLS", _serve_seeds(server, seed_un))
    monkeypatch.setenv("WATCHBOT_ALLOW_PRIVATE_URLS", "true")
    assert main(["lists", "update", "--only", "un,uk"]) == 0
    capsys.readouterr()

    server.files["/un/consolidated.xml"] = seed_un + b"<!-- " + b"x" * 50_000 + b" -->"
    assert main(["lists", "update", "--only", "un", "--max-bytes", "20000"]) == 1
    err = capsys.readouterr().err
    assert "over the limit of 20,000 bytes" in err and "previous version kept" in err
    assert _status(capsys)["un"]["entities"] == 5
    # Same without Content-Length: the stream is cut once it passes the limit.
    server.unannounced.add("/un/consolidated.xml")
    assert main(["lists", "update", "--only", "un", "--max-bytes", "20000"]) == 1
    assert "download stopped" in capsys.readouterr().err
    assert _status(capsys)["un"]["entities"] == 5

    # Without WATCHBOT_ALLOW_PRIVATE_URLS a loopback address is refused before connecting.
    monkeypatch.delenv("WATCHBOT_ALLOW_PRIVATE_URLS")
    server.requests.clear()
    assert main(["lists", "update", "--only", "uk"]) == 1
    assert "loopback address" in capsys.readouterr().err
    assert server.requests == []
    assert main(["lists", "update", "--only", "eu"]) == 2
    capsys.readouterr()

    # A missing OFAC companion file: the list fails, naming the URL and status.
    monkeypatch.setenv("WATCHBOT_ALLOW_PRIVATE_URLS", "true")
    del server.files["/ofac/ALT.CSV"]
    assert main(["lists", "update", "--only", "ofac"]) == 1
    err = capsys.readouterr().err
    assert f"{server.base}/ofac/ALT.CSV: HTTP 404" in err
    assert "ofac" not in _status(capsys)


def test_list_urls_official_and_overrides() -> None:
    assert list_urls("un", {}) == ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",)
    assert [u.rsplit("/", 1)[1] for u in list_urls("ofac", {})] == [
        "SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV",
    ]  # fmt: skip
    assert list_urls("ofac", {"ofac": "http://m/x/sdn.csv"}) == (
        "http://m/x/sdn.csv", "http://m/x/alt.csv", "http://m/x/add.csv",
        "http://m/x/sdn_comments.csv",
    )  # fmt: skip
    assert list_urls("ofac", {"ofac": "http://m/sdn.xml"}) == ("http://m/sdn.xml",)
    with pytest.raises(ValueError, match="unknown list"):
        list_urls("eu", {})
