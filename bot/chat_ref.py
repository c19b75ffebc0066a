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
    """A chat's id, type and title as Telegram reported them, and the forum topic if any.

    `topic_id` is the topic of a forum message, None in the General topic and elsewhere.
    """

    id: int
    type: str
    title: str | None
    forum: bool = False
    topic_id: int | None = None

    @classmethod
    def of(cls, update: Update) -> ChatRef:
        """The chat an update came from."""
        chat = update.effective_chat
        assert chat is not None
        title = chat.title or chat.full_name or chat.username
        message = update.effective_message
        topic = message.message_thread_id if message and message.is_topic_message else None
        forum = bool(chat.is_forum)
        return cls(chat.id, str(chat.type), title[:256] if title else None, forum, topic)


def subscribe(session: Session, ref: ChatRef) -> Chat:
    """Create or refresh the chat (and make it active): any command that changes something does.

    In a forum, alerts follow the topic the settings were last changed in.
    """
    chat = upsert_chat(session, ref.id, ref.type, ref.title)
    if ref.forum and chat.topic_id != ref.topic_id:
        chat.topic_id = ref.topic_id
        session.add(chat)
        session.flush()
    return chat
