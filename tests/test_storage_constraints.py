"""The database itself refuses duplicates and cascades chat deletion, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from storage.models import (
    AlertOutbox,
    Chat,
    DigestEntry,
    Document,
    MatchRow,
    Suppression,
    WatchTerm,
)


def _add(engine: Engine, *rows: SQLModel) -> None:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        for row in rows:
            session.add(row)
            session.flush()


def _match(document_id: int, start: int = 0) -> MatchRow:
    return MatchRow(
        document_id=document_id, start=start, end=start + 9, text="Soleimani", kind="watch",
        target="soleimani", name="Soleimani", score=1.0, band="alert", how="exact",
    )  # fmt: skip


@pytest.fixture
def chat_and_document(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session, session.begin():
        session.add(Chat(id=-100123, type="supergroup"))
        document = Document(content_hash="h1", text="General Soleimani visited Moscow.")
        session.add(document)
        session.flush()
        assert document.id is not None
        return -100123, document.id


def test_duplicate_outbox_row_is_refused(
    engine: Engine, chat_and_document: tuple[int, int]
) -> None:
    chat_id, _ = chat_and_document
    _add(engine, AlertOutbox(chat_id=chat_id, dedup_key="story:1"))
    with pytest.raises(IntegrityError):
        _add(engine, AlertOutbox(chat_id=chat_id, dedup_key="story:1", kind="digest"))
    # Another chat may receive the same story.
    _add(engine, Chat(id=7), AlertOutbox(chat_id=7, dedup_key="story:1"))


def test_duplicate_match_span_is_refused(
    engine: Engine, chat_and_document: tuple[int, int]
) -> None:
    _, document_id = chat_and_document
    _add(engine, _match(document_id))
    with pytest.raises(IntegrityError):
        _add(engine, _match(document_id))
    _add(engine, _match(document_id, start=40))


def test_duplicate_watch_term_per_chat_is_refused(
    engine: Engine, chat_and_document: tuple[int, int]
) -> None:
    chat_id, _ = chat_and_document
    _add(engine, WatchTerm(chat_id=chat_id, text="Soleimani", normalised="soleimani"))
    with pytest.raises(IntegrityError):
        _add(engine, WatchTerm(chat_id=chat_id, text="SOLEIMANI", normalised="soleimani"))


def test_outbox_row_for_unknown_chat_is_refused(engine: Engine) -> None:
    with pytest.raises(IntegrityError):
        _add(engine, AlertOutbox(chat_id=999, dedup_key="story:1"))


def test_deleting_a_chat_cascades_to_everything_about_it(
    engine: Engine, chat_and_document: tuple[int, int]
) -> None:
    chat_id, document_id = chat_and_document
    match = _match(document_id)
    _add(engine, match, Chat(id=5))
    assert match.id is not None
    for owner in (chat_id, 5):
        _add(
            engine,
            WatchTerm(chat_id=owner, text="Soleimani", normalised="soleimani"),
            AlertOutbox(chat_id=owner, dedup_key="story:1", document_id=document_id),
            DigestEntry(chat_id=owner, match_id=match.id, document_id=document_id, target="x"),
            Suppression(chat_id=owner, target="soleimani", matched="soleimani"),
        )
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM chats WHERE id = :id"), {"id": chat_id})
    with Session(engine) as session:
        for model in (WatchTerm, AlertOutbox, DigestEntry, Suppression):
            owners = session.scalars(select(model.chat_id)).all()  # type: ignore[attr-defined]
            assert owners == [5], model.__name__
        # The document and its match belong to no chat: they stay.
        assert session.scalar(select(func.count()).select_from(MatchRow)) == 1
