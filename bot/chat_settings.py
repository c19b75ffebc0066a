"""What the settings commands do to a chat: one function, subscribe and change some fields."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.chat_ref import ChatRef, subscribe
from bot.services import Services
from storage.chats import update_chat_settings
from storage.models import Chat

__all__ = ["change_settings", "optional_hook"]

log = logging.getLogger(__name__)


def change_settings(services: Services, ref: ChatRef, **fields: Any) -> Chat:
    """Subscribe the chat if needed and set these settings; returns the chat as stored."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        if fields:
            chat = update_chat_settings(session, ref.id, **fields)
        return chat


def optional_hook(module: str, name: str) -> Callable[..., Any] | None:
    """A function another part of the bot provides (`bot.scheduler.reschedule_digest`), or None.

    The commands work without it (the digest job then picks the change up at its next
    rebuild); importing lazily keeps the handlers free of that module's start-up cost.
    """
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        log.debug("%s is not available", module)
        return None
    return found if callable(found) else None
