"""`watchbot run`: the long-running service (long polling, or webhook behind a load balancer).

All state lives in the database and outbox claims skip rows other workers hold, so several
instances can run side by side; each stops gracefully on SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from storage.types import utcnow

__all__ = ["build_services", "run_service", "running_service", "stop_on_signals"]

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def build_services(settings: Settings, clock: Callable[[], datetime] = utcnow) -> Services:
    """Migrate the database, load the matcher and build the pipeline: everything but Telegram."""
    from bot.matching_state import MatcherState
    from bot.pipeline import Pipeline
    from storage.db import create_db_engine
    from storage.migrate import upgrade

    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    applied = upgrade(settings.database_url)
    if applied:
        log.info("database migrated: %s", ", ".join(applied))
    engine = create_db_engine(settings.database_url)
    matcher = MatcherState.load(engine)
    pipeline = Pipeline(engine, matcher, clock)
    return Services(settings, engine, matcher, pipeline, clock)


def _push_app(services: Services) -> Any:
    """The POST /documents app when a push token is set, else None."""
    settings = services.settings
    if settings.push_token is None:
        return None
    from ingest.push import create_push_app

    return create_push_app(
        services.pipeline.ingest,
        token=settings.push_token.get(),
        max_bytes=settings.max_document_bytes,
    )


@contextlib.asynccontextmanager
async def running_service(services: Services, *, jobs: bool = True) -> AsyncIterator[AnyApp]:
    """Start the bot (polling or webhook) and the HTTP server; stop both cleanly on exit.

    `jobs=False` starts no scheduled jobs (tests call delivery themselves).
    """
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.delivery import drain
    from bot.web import build_server, create_web_app

    settings = services.settings
    webhook = settings.webhook_url is not None
    application = build_application(services, polling=not webhook, jobs=jobs)
    push = _push_app(services)
    server = None
    server_task: asyncio.Task[None] | None = None
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        if webhook:
            assert settings.webhook_url is not None and settings.webhook_secret is not None
            await application.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret.get(),
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            assert application.updater is not None
            await application.bot.delete_webhook()
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        if webhook or push is not None:
            web = create_web_app(services, application if webhook else None, push)
            server = build_server(web, settings.http_host, settings.http_port)
            server_task = asyncio.create_task(server.serve(), name="http-server")
            while not server.started:
                if server_task.done():
                    # Port taken, bad address...: fail now, with uvicorn's reason.
                    server_task.result()
                    raise RuntimeError(f"HTTP server on port {settings.http_port} did not start")
                await asyncio.sleep(0.02)
            log.info("HTTP server on %s:%d", settings.http_host, settings.http_port)
        log.info("watchbot running (%s)", "webhook" if webhook else "long polling")
        yield application
    finally:
        if server is not None and server_task is not None:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await server_task
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        # Sends already on their way finish and are recorded before the bot stops.
        await drain(application)
        if application.running:
            await application.stop()
        await application.shutdown()
        services.engine.dispose()
        log.info("watchbot stopped")


def stop_on_signals(stop: asyncio.Event) -> None:
    """Set `stop` on SIGTERM (Heroku, systemd, docker stop) and SIGINT (Ctrl-C)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_service(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set (or a signal arrives)."""
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    services = await asyncio.to_thread(build_services, settings)
    async with running_service(services):
        await stop.wait()
