"""The SQLModel tables of the whole service.

Unique constraints carry the promises the service makes (one alert per chat and story,
one match per span and target, one term per chat), so that a bug or a crash cannot
break them: the database refuses the duplicate.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UtcDateTime, utcnow

__all__ = [
    "AlertMode",
    "AlertOutbox",
    "Chat",
    "ChatType",
    "DigestEntry",
    "Document",
    "EntityNameRow",
    "ListChange",
    "ListEntityRow",
    "ListInfo",
    "MatchRow",
    "OutboxStatus",
    "SanctionsMode",
    "Source",
    "Suppression",
    "WatchTerm",
]


def _ts(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable, index=index)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ChatType(enum.StrEnum):
    """Telegram's chat types."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


class AlertMode(enum.StrEnum):
    """How a chat receives matches of its watch terms."""

    INSTANT = "instant"
    DIGEST = "digest"
    BOTH = "both"


class SanctionsMode(enum.StrEnum):
    """Whether a chat hears of any sanctioned entity mentioned (off by default)."""

    OFF = "off"
    ON = "on"
    DIGEST = "digest"


class OutboxStatus(enum.StrEnum):
    """Life of an outgoing message."""

    PENDING = "pending"  # waiting for its next_attempt_at
    SENDING = "sending"  # claimed by a worker (claimed_at says when)
    SENT = "sent"
    DROPPED = "dropped"  # chat blocked us, or left; never retried
    FAILED = "failed"  # gave up after the maximum attempts


class Chat(SQLModel, table=True):
    """A Telegram chat that talks to the bot: its settings and whether it still listens."""

    __tablename__ = "chats"

    id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    type: str = Field(default=ChatType.PRIVATE, max_length=16)
    title: str | None = Field(default=None, max_length=256)
    timezone: str = Field(default="UTC", max_length=64)
    alert_mode: str = Field(default=AlertMode.INSTANT, max_length=16)
    sanctions_mode: str = Field(default=SanctionsMode.OFF, max_length=16)
    digest_time: str | None = Field(default=None, max_length=5)  # "HH:MM" local, None = off
    muted_until: datetime | None = _ts()
    quiet_start: str | None = Field(default=None, max_length=5)  # "HH:MM" local
    quiet_end: str | None = Field(default=None, max_length=5)
    active: bool = Field(default=True)
    inactive_reason: str | None = Field(default=None, max_length=64)
    migrated_to: int | None = Field(default=None, sa_type=BigInteger)
    # In a forum, the topic where alerts go: the one the chat's settings were last changed
    # in (None: the General topic).
    topic_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class WatchTerm(SQLModel, table=True):
    """A name a chat watches: as typed, and normalised by the matcher."""

    __tablename__ = "watch_terms"
    __table_args__ = (UniqueConstraint("chat_id", "normalised", name="uq_watch_terms_chat_term"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chats.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=200)
    normalised: str = Field(max_length=400, index=True)
    # Set when the chat watches a list entity with all its aliases ("un:IRi.039").
    entity_key: str | None = Field(default=None, max_length=170, index=True)
    created_at: datetime = _created()


class ListInfo(SQLModel, table=True):
    """One installed sanctions list: which version is in force and what it holds."""

    __tablename__ = "lists"

    name: str = Field(primary_key=True, max_length=32)  # un, ofac, uk, opensanctions
    published: datetime | None = _ts()
    loaded_at: datetime = _created()
    source: str = Field(default="", max_length=1024)
    entity_count: int = 0
    name_count: int = 0
    problems: list[str] = _json_list()
    etag: str | None = Field(default=None, max_length=256)
    last_modified: str | None = Field(default=None, max_length=64)


class ListEntityRow(SQLModel, table=True):
    """One entry of one installed list."""

    __tablename__ = "list_entities"
    __table_args__ = (UniqueConstraint("list_name", "ref", name="uq_list_entities_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=32, index=True)
    ref: str = Field(max_length=128)
    key: str = Field(max_length=170, index=True)  # "<list>:<ref>"
    kind: str = Field(max_length=16)
    name: str = Field(sa_column=Column(Text, nullable=False))
    programmes: list[str] = _json_list()
    listed_on: date | None = None
    nationalities: list[str] = _json_list()
    birth_dates: list[str] = _json_list()
    url: str | None = Field(default=None, max_length=1024)
    same_as: list[str] = _json_list()
    cluster: str | None = Field(default=None, max_length=170, index=True)
    remarks: str | None = Field(default=None, sa_column=Column(Text))


class EntityNameRow(SQLModel, table=True):
    """One name or alias of a list entity, with the list's own view of its quality."""

    __tablename__ = "entity_names"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="list_entities.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_column=Column(Text, nullable=False))
    quality: str = Field(default="strong", max_length=8)
    script: str | None = Field(default=None, max_length=32)


class ListChange(SQLModel, table=True):
    """An entity that an update added to or removed from a list."""

    __tablename__ = "list_changes"
    __table_args__ = (Index("ix_list_changes_detected", "detected_at"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=32)
    entity_key: str = Field(max_length=170)
    change: str = Field(max_length=8)  # "added" | "removed"
    name: str = Field(sa_column=Column(Text, nullable=False))
    detected_at: datetime = _created()


class Source(SQLModel, table=True):
    """A feed the service polls, with the state of its conditional GET and its errors."""

    __tablename__ = "sources"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="feed", max_length=16)
    url: str = Field(max_length=2048, unique=True)
    title: str | None = Field(default=None, max_length=512)
    owner_chat_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    interval_seconds: int = 900
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=64)
    last_polled_at: datetime | None = _ts()
    next_poll_at: datetime | None = _ts(index=True)
    error_count: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_error_at: datetime | None = _ts()
    active: bool = True
    created_at: datetime = _created()


class Document(SQLModel, table=True):
    """One incoming document, stored once (canonical URL and content hash are unique)."""

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str | None = Field(default=None, max_length=2048, unique=True)
    content_hash: str = Field(max_length=64, unique=True)
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, sa_column=Column(Text))
    source_id: int | None = Field(default=None, foreign_key="sources.id", ondelete="SET NULL")
    source_label: str | None = Field(default=None, max_length=256)  # "inbox", "push", feed title
    published_at: datetime | None = _ts()
    received_at: datetime = _created()
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Near-duplicates share a story: the id of the first document of the story.
    story_id: int | None = Field(default=None, index=True)
    simhash: int | None = Field(default=None, sa_type=BigInteger)
    # Pipeline progress: each step is idempotent, these say which have completed.
    scanned_at: datetime | None = _ts(index=True)
    fanned_out_at: datetime | None = _ts(index=True)


class MatchRow(SQLModel, table=True):
    """One mention found in a document."""

    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("document_id", "start", "end", "kind", "target", name="uq_matches_span"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(max_length=16)  # "watch" | "sanction"
    # The normalised watch term, or the entity cluster key for sanctions.
    target: str = Field(max_length=400, index=True)
    refs: list[str] = _json_list()
    name: str = Field(sa_column=Column(Text, nullable=False))
    score: float
    band: str = Field(max_length=8)  # "alert" | "digest"
    how: str = Field(max_length=32)
    created_at: datetime = _created()


class AlertOutbox(SQLModel, table=True):
    """A message owed to a chat. (chat_id, dedup_key) is unique: no alert can be written twice."""

    __tablename__ = "alert_outbox"
    __table_args__ = (
        UniqueConstraint("chat_id", "dedup_key", name="uq_outbox_chat_dedup"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chats.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="alert", max_length=16)  # alert | digest | list_change | notice
    # "story:<story_id>" for alerts, "digest:<chat-local date>", "change:<list_change id>"...
    dedup_key: str = Field(max_length=128)
    document_id: int | None = Field(default=None, foreign_key="documents.id", ondelete="CASCADE")
    match_ids: list[int] = _json_list()
    payload: str | None = Field(default=None, sa_column=Column(Text))  # pre-rendered text, if any
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = _created()
    claimed_at: datetime | None = _ts()
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    telegram_message_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = _created()
    sent_at: datetime | None = _ts()


class DigestEntry(SQLModel, table=True):
    """A match held for a chat's next digest."""

    __tablename__ = "digest_entries"
    __table_args__ = (
        UniqueConstraint("chat_id", "match_id", name="uq_digest_chat_match"),
        Index("ix_digest_pending", "chat_id", "digested_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chats.id", ondelete="CASCADE")
    match_id: int = Field(foreign_key="matches.id", ondelete="CASCADE")
    document_id: int = Field(foreign_key="documents.id", ondelete="CASCADE")
    target: str = Field(max_length=400)
    created_at: datetime = _created()
    digested_at: datetime | None = _ts()


class Suppression(SQLModel, table=True):
    """A pairing a chat marked "not relevant": this target matched by this folded text."""

    __tablename__ = "suppressions"
    __table_args__ = (
        UniqueConstraint("chat_id", "target", "matched", name="uq_suppressions_pair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chats.id", index=True, ondelete="CASCADE")
    target: str = Field(max_length=400)
    matched: str = Field(max_length=400)  # casefolded matched text
    created_at: datetime = _created()
