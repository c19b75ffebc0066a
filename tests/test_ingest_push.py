"""HTTP push served by uvicorn on loopback, storing through the real pipeline into SQLite."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from ingest_server import chunks, serve_asgi
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.matching_state import MatcherState
from bot.pipeline import Pipeline
from ingest.push import create_push_app
from storage.db import create_db_engine
from storage.migrate import upgrade
from storage.models import Document
from watchlists.matcher import Matcher

TOKEN = "s3cret-push-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX = 50_000


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'push.db'}"
    upgrade(url)
    eng = create_db_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
async def base(engine: Engine) -> AsyncIterator[str]:
    pipeline = Pipeline(engine, MatcherState(Matcher()))
    async with serve_asgi(create_push_app(pipeline.ingest, token=TOKEN, max_bytes=MAX)) as url:
        yield url


async def test_a_document_is_stored_once(base: str, engine: Engine) -> None:
    doc = {
        "url": "https://example.org/story?utm_source=x",
        "title": "Soleimani in Moscow",
        "text": "Qasem Soleimani visited Moscow.",
        "published": "2015-08-07T10:30:00+03:00",
        "source": "wire",
    }
    async with httpx.AsyncClient(base_url=base) as client:
        first = await client.post("/documents", json=doc, headers=AUTH)
        again = await client.post("/documents", json=doc, headers=AUTH)
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "accepted"
    assert again.status_code == 202
    assert again.json() == {"status": "duplicate", "document_id": first.json()["document_id"]}
    with Session(engine) as session:
        row = session.get(Document, first.json()["document_id"])
    assert row is not None and row.title == "Soleimani in Moscow"
    assert row.source_label == "wire" and row.canonical_url == "https://example.org/story"
    assert row.published_at is not None and row.published_at.isoformat().startswith(
        "2015-08-07T07:30"
    )


async def test_html_is_turned_into_text(base: str, engine: Engine) -> None:
    html = "<html><body><article><p>" + "Vladimir Putin spoke to Shoigu. " * 20 + "</p></article>"
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post("/documents", json={"html": html}, headers=AUTH)
    assert response.status_code == 202
    with Session(engine) as session:
        row = session.get(Document, response.json()["document_id"])
    assert row is not None and row.text.startswith("Vladimir Putin spoke to Shoigu.")
    assert "<p>" not in row.text and row.source_label == "push"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
async def test_missing_or_wrong_token_is_401(base: str, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post("/documents", json={"text": "x"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"{not json", "invalid JSON at line 1, column 2"),
        (b"[1, 2]", "expected a JSON object, got an array"),
        (b'{"title": "only a title"}', "text or html: one of them is required"),
        (b'{"text": 5}', "text: expected a string, got a number"),
        (b'{"text": "x", "url": "ftp://x"}', "url: must start with http:// or https://"),
        (b'{"text": "x", "published": "yesterday"}', "published: expected an ISO 8601"),
        (b'{"text": "x", "body": "y"}', "unknown field 'body'"),
        (b"\xff\xfe{}", "body is not UTF-8 JSON"),
    ],
)
async def test_bad_payloads_are_422_with_a_clear_message(
    base: str, body: bytes, problem: str
) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post("/documents", content=body, headers=AUTH)
    assert response.status_code == 422
    assert problem in response.json()["error"]


async def test_oversized_bodies_are_413_while_reading(base: str) -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        for block in chunks(10**9):  # announced by no header: only reading can stop it
            sent += len(block)
            yield block

    async with httpx.AsyncClient(base_url=base) as client:
        declared = await client.post("/documents", content=b"x" * (MAX + 1), headers=AUTH)
        try:
            streamed = await client.post("/documents", content=endless(), headers=AUTH)
        except httpx.TransportError:
            streamed = None  # the server cut the upload off; TCP may reset before the 413
    assert declared.status_code == 413
    assert "larger than the limit of 50,000 bytes" in declared.json()["error"]
    assert streamed is None or streamed.status_code == 413
    assert sent < 50_000_000  # the server stopped reading long before the gigabyte


async def test_health_and_openapi(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        health = await client.get("/healthz")
        spec = await client.get("/openapi.json")
    assert health.json() == {"status": "ok"}
    described = spec.json()
    assert described["openapi"].startswith("3.1")
    post = described["paths"]["/documents"]["post"]
    assert set(post["responses"]) >= {"202", "401", "413", "422"}
    schema = described["components"]["schemas"]["Document"]
    assert set(schema["properties"]) == {"url", "title", "text", "html", "published", "source"}


async def test_push_is_disabled_without_a_token_and_mountable(engine: Engine) -> None:
    pipeline = Pipeline(engine, MatcherState(Matcher()))
    disabled = create_push_app(pipeline.ingest, token=None, max_bytes=MAX)
    enabled = create_push_app(pipeline.ingest, token=TOKEN, max_bytes=MAX)
    outer = Starlette(routes=[Mount("/off", app=disabled), Mount("/", app=enabled)])
    async with serve_asgi(outer) as url, httpx.AsyncClient(base_url=url) as client:
        off = await client.post("/off/documents", json={"text": "x"}, headers=AUTH)
        on = await client.post("/documents", content=json.dumps({"text": "y"}), headers=AUTH)
    assert off.status_code == 503 and "WATCHBOT_PUSH_TOKEN" in off.json()["error"]
    assert on.status_code == 202


async def test_a_failing_pipeline_is_500_and_says_nothing_inside(engine: Engine) -> None:
    async def broken(doc: object) -> object:
        raise RuntimeError("database password is hunter2")

    app = create_push_app(broken, token=TOKEN, max_bytes=MAX)  # type: ignore[arg-type]
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/documents", json={"text": "x"}, headers=AUTH)
    assert response.status_code == 500 and "hunter2" not in response.text


async def test_expect_100_continue_gets_413_before_sending_the_body(base: str) -> None:
    """What curl does for a large body: announce it, wait for 100 Continue, then send."""
    import asyncio

    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + TOKEN.encode()
        + b"\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n"
        b"Expect: 100-continue\r\n\r\n"
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    await writer.wait_closed()
    assert status_line.startswith(b"HTTP/1.1 413")  # no "100 Continue": the body is never asked for
