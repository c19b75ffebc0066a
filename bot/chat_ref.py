"""The plain facts about a chat that commands pass from Telegram's update to the service layer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from telegram import Update

from storage.chats import upsert_chat
from storage.models import Chat

__all__ = ["ChatRef", "subscribe"]


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat's id, type and title as Telegram reported them."""

    id: int
    type: str
    title: str | None

    @classmethod
    def of(cls, update: Update) -> ChatRef:
        """The chat an update came from."""
        chat = update.effective_chat
        assert chat is not None
        title = chat.title or chat.full_name or chat.username
        return cls(chat.id, str(chat.type), title[:256] if title else None)


def subscribe(session: Session, ref: ChatRef) -> Chat:
    """Create or refresh the chat (and make it active): any command that changes something does."""
    return upsert_chat(session, ref.id, ref.type, ref.title)
