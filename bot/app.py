"""Build the python-telegram-bot Application: token, API URLs, rate limiter, handlers, start-up."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.alert_buttons import register_alert_handlers
from bot.context import SERVICES_KEY, WatchbotContext
from bot.services import Services
from bot.update_order import PerChatOrder

__all__ = [
    "ALLOWED_UPDATES",
    "build_application",
    "file_url_for",
    "on_startup",
    "publish_commands",
]

log = logging.getLogger(__name__)

# Update kinds the bot handles; `channel_post` carries commands in channels, `my_chat_member`
# tells us when the bot is blocked or removed.
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "channel_post",
    "callback_query",
    "my_chat_member",
]

AnyApp = Application[Any, Any, Any, Any, Any, Any]
# Updates handled at once (of different chats; one chat's updates stay in order).
CONCURRENT_UPDATES = 8


class _HandledFloodControl(logging.Filter):
    """Drop the limiter's ERROR for a 429 it did not retry: the outbox reschedules the send.

    With `max_retries=0` every 429 makes the limiter log a traceback at ERROR level, although
    delivery handles it (and logs one INFO line); a real problem would still show.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the limiter's "maximum of 0 retries" report."""
        return not str(record.msg).startswith("Rate limit hit after maximum of 0 retries")


def file_url_for(base_url: str) -> str:
    """The file download URL that goes with a Bot API base URL (".../bot" -> ".../file/bot")."""
    root, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{root}/file/{tail}" if sep and tail else base_url.rstrip("/") + "/file/bot"


def build_application(services: Services, *, polling: bool = True, jobs: bool = True) -> AnyApp:
    """The Application with our context type, rate limiter, handlers and start-up hook.

    `polling=False` builds it without an Updater (webhook mode feeds `update_queue`);
    `jobs=False` leaves the scheduled jobs out (tests that drive delivery step by step).
    The rate limiter keeps sends under Telegram's limits (30/s overall, 20/min per group);
    it retries nothing itself (`max_retries=0`): a 429 reaches delivery, which reschedules
    the message in the outbox instead of holding a worker asleep.
    """
    settings = services.settings
    if settings.telegram_bot_token is None:
        raise ValueError("build_application needs a token; the sandbox supplies the emulator's")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get())
        .base_url(settings.telegram_base_url)
        .base_file_url(file_url_for(settings.telegram_base_url))
        .context_types(ContextTypes(context=WatchbotContext))
        .rate_limiter(AIORateLimiter(overall_max_rate=30, group_max_rate=20, max_retries=0))
        .concurrent_updates(PerChatOrder(CONCURRENT_UPDATES))
        .post_init(on_startup if jobs else publish_commands)
    )
    if not polling:
        builder = builder.updater(None)
    application: AnyApp = builder.build()
    limiter_log = logging.getLogger("telegram.ext.AIORateLimiter")
    if not any(isinstance(f, _HandledFloodControl) for f in limiter_log.filters):
        limiter_log.addFilter(_HandledFloodControl())
    WatchbotContext.attach(application, services)
    from bot.handlers import register_handlers

    register_handlers(application)
    register_alert_handlers(application)
    return application


async def publish_commands(application: AnyApp) -> None:
    """Publish the command menu (setMyCommands)."""
    from bot.commands import COMMANDS

    await application.bot.set_my_commands(list(COMMANDS))


async def on_startup(application: AnyApp) -> None:
    """Publish the command menu, finish documents a crash interrupted, start the jobs."""
    from bot.scheduler import install_jobs

    services = application.bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    await publish_commands(application)
    resumed = await services.pipeline.resume()
    if resumed:
        log.info("pipeline resumed %d unfinished document(s)", resumed)
    install_jobs(application, services)
