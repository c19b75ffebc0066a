"""Digest entries and suppressions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from storage import chats, digests, suppressions
from storage.models import Document, MatchRow
from storage.types import utcnow


def _document_with_matches(
    session: Session, content_hash: str, published: datetime, targets: list[str]
) -> list[MatchRow]:
    document = Document(
        content_hash=content_hash, text="...", title=content_hash, published_at=published
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    rows = []
    for start, target in enumerate(targets):
        row = MatchRow(
            document_id=document.id, start=start * 10, end=start * 10 + 5, text=target,
            kind="watch", target=target, name=target, score=0.9, band="digest", how="fuzzy",
        )  # fmt: skip
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def test_digest_entries_are_held_once_listed_in_order_and_marked(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        chats.upsert_chat(session, 2, "private", None)
        late = _document_with_matches(session, "late", datetime(2025, 5, 2, tzinfo=UTC), ["a"])
        early = _document_with_matches(
            session, "early", datetime(2025, 5, 1, tzinfo=UTC), ["b", "c"]
        )
        for match in (*late, *early):
            assert match.id is not None
            assert digests.add_digest_entry(session, 1, match.id, match.document_id, match.target)
        assert not digests.add_digest_entry(session, 1, late[0].id or 0, late[0].document_id, "a")
        digests.add_digest_entry(session, 2, late[0].id or 0, late[0].document_id, "a")
    with Session(engine) as session, session.begin():
        pending = digests.pending_digest(session, 1)
        assert [(i.document.title, i.match.target) for i in pending] == [
            ("early", "b"), ("early", "c"), ("late", "a"),
        ]  # fmt: skip
        assert all(i.entry.match_id == i.match.id for i in pending)
        done = [pending[0].entry.id or 0, pending[1].entry.id or 0]
        assert digests.mark_digested(session, 1, done, utcnow()) == 2
        assert digests.mark_digested(session, 1, done, utcnow()) == 0
        assert digests.mark_digested(session, 1, [], utcnow()) == 0
        # Another chat's entry ids are not ours to mark.
        other = digests.pending_digest(session, 2)[0].entry.id or 0
        assert digests.mark_digested(session, 1, [other], utcnow()) == 0
    with Session(engine) as session:
        assert [i.match.target for i in digests.pending_digest(session, 1)] == ["a"]
        assert len(digests.pending_digest(session, 2)) == 1


def test_suppressions_are_casefolded_per_chat(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for chat_id in (1, 2, 3):
            chats.upsert_chat(session, chat_id, "private", None)
        assert suppressions.suppress(session, 1, "soleimani", "Soleimani")
        assert not suppressions.suppress(session, 1, "soleimani", "SOLEIMANI")
        suppressions.suppress(session, 2, "un:IRi.039", "Qasem")
    with Session(engine) as session, session.begin():
        assert suppressions.is_suppressed(session, 1, "soleimani", "soleimani")
        assert not suppressions.is_suppressed(session, 2, "soleimani", "soleimani")
        assert suppressions.suppressed_pairs(session, [1, 2, 3]) == {
            (1, "soleimani", "soleimani"), (2, "un:IRi.039", "qasem"),
        }  # fmt: skip
        assert suppressions.suppressed_pairs(session, [3]) == set()
        assert suppressions.unsuppress(session, 1, "soleimani", "Soleimani")
        assert not suppressions.is_suppressed(session, 1, "soleimani", "soleimani")
