"""HTTP push: POST /documents (bearer token, size-limited), GET /healthz, GET /openapi.json."""

from __future__ import annotations

import hmac
import json
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.documents import PushHandler
from ingest.push_openapi import openapi_document
from ingest.push_payload import PayloadError, parse_payload

__all__ = ["create_push_app", "push_routes"]

log = logging.getLogger(__name__)

DRAIN_BYTES = 1_000_000


class _TooLarge(Exception):
    pass


def push_routes(handle: PushHandler, *, token: str | None, max_bytes: int) -> list[Route]:
    """The push routes, for an app of their own or to add to another Starlette app."""
    expected = token.encode("utf-8") if token else None

    async def post_document(request: Request) -> Response:
        """Accept one document: 202 with its id, or 401/413/422/503 saying why not."""
        if expected is None:
            return _error(503, "push is disabled: set WATCHBOT_PUSH_TOKEN to enable it")
        if not _authorised(request, expected):
            return _error(401, "missing or wrong bearer token", {"WWW-Authenticate": "Bearer"})
        try:
            body = await _read_body(request, max_bytes)
        except _TooLarge:
            # Closing the connection stops the upload; otherwise the server would read
            # (and discard) the rest of it, however large.
            message = f"document larger than the limit of {max_bytes:,} bytes"
            return _error(413, message, {"Connection": "close"})
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            return _error(422, "body is not UTF-8 JSON")
        except json.JSONDecodeError as exc:
            return _error(422, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        try:
            doc = parse_payload(data, default_source="push")
        except PayloadError as exc:
            return JSONResponse({"error": str(exc), "problems": exc.problems}, status_code=422)
        try:
            outcome = await handle(doc)
        except Exception:  # the client learns it failed; the log says why
            log.exception("push: storing a document failed")
            return _error(500, "the document could not be stored; try again later")
        status = "duplicate" if outcome.duplicate else "accepted"
        return JSONResponse({"status": status, "document_id": outcome.document_id}, 202)

    async def healthz(request: Request) -> Response:
        """Liveness: the server answers."""
        return JSONResponse({"status": "ok"})

    async def openapi(request: Request) -> Response:
        """The OpenAPI 3.1 description of this API."""
        return JSONResponse(openapi_document(max_bytes))

    return [
        Route("/documents", post_document, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]


def create_push_app(handle: PushHandler, token: str | None, max_bytes: int) -> Starlette:
    """A Starlette app serving the push routes; mount it in another app, or run it alone."""
    return Starlette(routes=push_routes(handle, token=token, max_bytes=max_bytes))


def _authorised(request: Request, expected: bytes) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    # Constant-time, so response timing does not reveal how much of a guess was right.
    return hmac.compare_digest(given.strip().encode("utf-8"), expected)


async def _read_body(request: Request, max_bytes: int) -> bytes:
    """The body, refused (`_TooLarge`) as soon as it passes `max_bytes`, announced or sent.

    After refusing, up to DRAIN_BYTES more are read and dropped, so that a client that
    overshot by a little gets the 413 instead of a connection reset; a larger upload is
    cut off there (the client may then see the connection reset rather than the 413).
    """
    declared = request.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > max_bytes
    if too_large and int(declared) > max_bytes + DRAIN_BYTES:
        # Not read at all: a client that sent `Expect: 100-continue` (curl does, for
        # large bodies) is told 413 before it sends a byte of the body.
        raise _TooLarge
    chunks: list[bytes] = []
    size = drained = 0
    async for chunk in request.stream():
        if too_large:
            drained += len(chunk)
            if drained > DRAIN_BYTES:
                break
            continue
        size += len(chunk)
        if size > max_bytes:
            too_large = True
            chunks.clear()
            continue
        chunks.append(chunk)
    if too_large:
        raise _TooLarge
    return b"".join(chunks)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message}, status_code=status, headers=headers)
