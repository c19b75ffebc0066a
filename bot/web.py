"""The HTTP edge: Telegram's webhook, document push and a health check, served by uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp
from telegram import Update
from telegram.ext import Application

from bot.services import Services

__all__ = ["MAX_UPDATE_BYTES", "QuietServer", "create_web_app", "webhook_path"]

log = logging.getLogger(__name__)

# Telegram updates are small; anything this big is not from Telegram.
MAX_UPDATE_BYTES = 1_000_000
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def webhook_path(webhook_url: str | None) -> str:
    """The local path Telegram posts to: the path of the public webhook URL, or /telegram."""
    path = urlsplit(webhook_url).path if webhook_url else ""
    return path if path not in {"", "/"} else "/telegram"


def create_web_app(
    services: Services,
    application: AnyApp | None,
    push_app: ASGIApp | None = None,
) -> Starlette:
    """Routes: POST <webhook path> (when `application` is given), GET /healthz, and the push app.

    The webhook checks Telegram's secret header in constant time and only queues the update:
    Telegram gets its 200 at once and a slow handler never makes it resend.
    """
    settings = services.settings

    async def telegram_webhook(request: Request) -> Response:
        assert application is not None
        secret = settings.webhook_secret.get() if settings.webhook_secret else ""
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"error": "bad secret token"}, status_code=403)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return JSONResponse({"error": "update too large"}, status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            return JSONResponse({"error": f"not a Telegram update: {exc}"}, status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        try:
            await asyncio.to_thread(_ping, services)
        except Exception as exc:  # any database failure means unhealthy
            log.warning("health check failed: %s", type(exc).__name__)
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
        return JSONResponse({"ok": True})

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    if application is not None:
        routes.append(Route(webhook_path(settings.webhook_url), telegram_webhook, methods=["POST"]))
    if push_app is not None:
        routes.append(Mount("/", app=push_app))
    return Starlette(routes=routes)


def _ping(services: Services) -> None:
    with services.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


class QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to us: the service stops it, then the bot."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Do not install signal handlers (the service already has its own)."""
        yield


def build_server(app: ASGIApp, host: str, port: int) -> QuietServer:
    """A uvicorn server for `app` without its own logging set-up or signal handling."""
    config = uvicorn.Config(app, host=host, port=port, log_config=None, lifespan="off")
    return QuietServer(config)
