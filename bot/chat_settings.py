"""What the settings commands do to a chat: one function, subscribe and change some fields."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.chat_ref import ChatRef, subscribe
from bot.services import Services
from storage.chats import update_chat_settings
from storage.models import Chat

__all__ = ["change_settings"]


def change_settings(services: Services, ref: ChatRef, **fields: Any) -> Chat:
    """Subscribe the chat if needed and set these settings; returns the chat as stored."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        if fields:
            chat = update_chat_settings(session, ref.id, **fields)
        return chat
