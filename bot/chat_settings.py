"""What the settings commands do to a chat: one function, subscribe and change some fields."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.chat_ref import ChatRef, subscribe
from bot.services import Services
from storage.chats import update_chat_settings
from storage.models import AlertMode, Chat

__all__ = [
    "DEFAULT_DIGEST_TIME",
    "change_settings",
    "set_alert_mode",
    "set_digest_time",
    "turn_digest_off",
]

DEFAULT_DIGEST_TIME = "08:00"


def change_settings(services: Services, ref: ChatRef, **fields: Any) -> Chat:
    """Subscribe the chat if needed and set these settings; returns the chat as stored."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        if fields:
            chat = update_chat_settings(session, ref.id, **fields)
        return chat


def set_alert_mode(services: Services, ref: ChatRef, mode: str) -> Chat:
    """Set instant/digest/both; a digest without a time gets DEFAULT_DIGEST_TIME."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        fields: dict[str, Any] = {"alert_mode": mode}
        if mode != AlertMode.INSTANT and chat.digest_time is None:
            fields["digest_time"] = DEFAULT_DIGEST_TIME
        return update_chat_settings(session, ref.id, **fields)


def set_digest_time(
    services: Services, ref: ChatRef, at: str, zone: str | None
) -> tuple[Chat, bool]:
    """Set the digest time (and zone); an instant chat becomes `both`. Returns (chat, switched)."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        fields: dict[str, Any] = {"digest_time": at}
        if zone is not None:
            fields["timezone"] = zone
        switched = chat.alert_mode == AlertMode.INSTANT
        if switched:
            fields["alert_mode"] = AlertMode.BOTH.value
        return update_chat_settings(session, ref.id, **fields), switched


def turn_digest_off(services: Services, ref: ChatRef) -> tuple[Chat, bool]:
    """No digest; a chat that only had the digest goes back to instant (else nothing arrives)."""
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        chat = subscribe(session, ref)
        fields: dict[str, Any] = {"digest_time": None}
        switched = chat.alert_mode != AlertMode.INSTANT
        if switched:
            fields["alert_mode"] = AlertMode.INSTANT.value
        return update_chat_settings(session, ref.id, **fields), switched
