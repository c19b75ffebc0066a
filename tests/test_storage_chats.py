"""Chats: upsert, settings, inactive, migration to a supergroup, /forget, subscribers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from storage import chats, digests, outbox, suppressions, terms
from storage.models import (
    AlertOutbox,
    Chat,
    DigestEntry,
    Document,
    MatchRow,
    OutboxStatus,
    Source,
    Suppression,
    WatchTerm,
)
from storage.types import utcnow


def _match(session: Session, content_hash: str = "h") -> MatchRow:
    document = Document(content_hash=content_hash, text="Soleimani in Moscow")
    session.add(document)
    session.flush()
    assert document.id is not None
    match = MatchRow(
        document_id=document.id, start=0, end=9, text="Soleimani", kind="watch",
        target="soleimani", name="Soleimani", score=1.0, band="alert", how="exact",
    )  # fmt: skip
    session.add(match)
    session.flush()
    return match


def _count(session: Session, model: type, chat_id: int) -> int:
    stmt = select(func.count()).select_from(model).where(model.chat_id == chat_id)  # type: ignore[attr-defined]
    return int(session.scalar(stmt) or 0)


def test_upsert_creates_then_refreshes_and_reactivates(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chat = chats.upsert_chat(session, 42, "private", "Ann")
        assert (chat.id, chat.type, chat.title, chat.active) == (42, "private", "Ann", True)
        chats.mark_chat_inactive(session, 42, "blocked")
    with Session(engine) as session, session.begin():
        assert chats.get_chat(session, 42).active is False  # type: ignore[union-attr]
        chat = chats.upsert_chat(session, 42, "private", "Ann B")
        assert (chat.title, chat.active, chat.inactive_reason) == ("Ann B", True, None)
        assert chats.get_chat(session, 43) is None


def test_update_settings_accepts_settings_only(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "group", "G")
        muted = utcnow() + timedelta(hours=2)
        chat = chats.update_chat_settings(
            session, 1, timezone="Europe/Berlin", digest_time="08:30", muted_until=muted
        )
        assert (chat.timezone, chat.digest_time) == ("Europe/Berlin", "08:30")
        with pytest.raises(ValueError):
            chats.update_chat_settings(session, 1, alert_mode="loud")
        with pytest.raises(KeyError, match="active"):
            chats.update_chat_settings(session, 1, active=False)
        with pytest.raises(KeyError, match="no chat 2"):
            chats.update_chat_settings(session, 2, timezone="UTC")
    with Session(engine) as session:
        stored = chats.get_chat(session, 1)
        assert stored is not None and stored.muted_until == muted


def test_mark_inactive_drops_only_pending_messages(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        chats.upsert_chat(session, 2, "private", None)
        for key in ("a", "b"):
            outbox.enqueue(session, 1, key, "alert")
        outbox.enqueue(session, 2, "a", "alert")
    claimed = outbox.claim_due(engine, 1, utcnow(), timedelta(minutes=5))
    with Session(engine) as session, session.begin():
        outbox.mark_sent(session, claimed[0].id or 0, 99)
        assert chats.mark_chat_inactive(session, 1, "blocked") == 1
    with Session(engine) as session:
        rows = session.scalars(select(AlertOutbox).order_by(AlertOutbox.id)).all()  # type: ignore[arg-type]
        assert [(r.chat_id, r.status) for r in rows] == [
            (1, OutboxStatus.SENT),
            (1, OutboxStatus.DROPPED),
            (2, OutboxStatus.PENDING),
        ]
        assert "blocked" in (rows[1].last_error or "")


def test_migrate_chat_moves_everything_and_resolves_clashes(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, -1, "group", "G")
        chats.update_chat_settings(session, -1, alert_mode="digest", digest_time="07:00")
        match = _match(session)
        assert match.id is not None
        terms.add_watch(session, -1, "Soleimani", "soleimani")
        terms.add_watch(session, -1, "Putin", "putin")
        outbox.enqueue(session, -1, "story:1", "alert")
        digests.add_digest_entry(session, -1, match.id, match.document_id, "soleimani")
        suppressions.suppress(session, -1, "soleimani", "Soleimani")
    with Session(engine) as session, session.begin():
        new = chats.migrate_chat(session, -1, -1001)
        assert (new.id, new.type, new.alert_mode, new.digest_time) == (
            -1001, "supergroup", "digest", "07:00",
        )  # fmt: skip
    with Session(engine) as session, session.begin():
        old = chats.get_chat(session, -1)
        assert old is not None and (old.active, old.migrated_to) == (False, -1001)
        for model in (WatchTerm, AlertOutbox, DigestEntry, Suppression):
            assert _count(session, model, -1) == 0, model.__name__
        assert [t.normalised for t in terms.list_watches(session, -1001)] == ["soleimani", "putin"]
        assert _count(session, AlertOutbox, -1001) == 1
        assert len(digests.pending_digest(session, -1001)) == 1
        assert suppressions.is_suppressed(session, -1001, "soleimani", "SOLEIMANI")
        # A second migration event (Telegram sends it in both chats) is harmless, and a
        # term already present on the new id is not duplicated.
        terms.add_watch(session, -1, "Putin", "putin")
        chats.migrate_chat(session, -1, -1001)
        assert terms.count_watches(session, -1001) == 2


def test_forget_chat_deletes_everything_about_it(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        match = _match(session)
        assert match.id is not None
        for chat_id in (1, 2):
            chats.upsert_chat(session, chat_id, "private", None)
            terms.add_watch(session, chat_id, "Soleimani", "soleimani")
            outbox.enqueue(session, chat_id, "story:1", "alert", document_id=match.document_id)
            digests.add_digest_entry(session, chat_id, match.id, match.document_id, "soleimani")
            suppressions.suppress(session, chat_id, "soleimani", "soleimani")
            session.add(Source(url=f"https://example.org/{chat_id}.xml", owner_chat_id=chat_id))
    with Session(engine) as session, session.begin():
        held = chats.get_chat(session, 1)
        assert chats.forget_chat(session, 1) is True
        assert chats.forget_chat(session, 1) is False
        assert held is not None and held not in session  # the ORM knows it is gone
    with Session(engine) as session:
        assert chats.get_chat(session, 1) is None
        for model in (WatchTerm, AlertOutbox, DigestEntry, Suppression):
            assert _count(session, model, 1) == 0, model.__name__
            assert _count(session, model, 2) == 1, model.__name__
        owners = session.scalars(select(Source.owner_chat_id)).all()
        assert owners == [2]


def test_digest_chats_and_sanctions_subscribers(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for chat_id, mode, digest_time in (
            (1, "on", None), (2, "digest", "08:00"), (3, "off", "09:00"), (4, "on", "10:00"),
        ):  # fmt: skip
            chats.upsert_chat(session, chat_id, "private", None)
            chats.update_chat_settings(
                session, chat_id, sanctions_mode=mode, digest_time=digest_time
            )
        chats.mark_chat_inactive(session, 4, "blocked")
    with Session(engine) as session:
        assert [c.id for c in chats.chats_with_digest(session)] == [2, 3]
        assert chats.sanctions_subscribers(session, "on") == [1]
        assert chats.sanctions_subscribers(session, "alert") == [1]
        assert chats.sanctions_subscribers(session, "digest") == [2]
        assert chats.sanctions_subscribers(session, "off") == []
        with pytest.raises(ValueError):
            chats.sanctions_subscribers(session, "loud")
        assert session.get(Chat, 4) is not None
