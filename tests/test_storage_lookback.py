"""storage.lookback.documents_containing on both engines, and PostgreSQL's trigram index for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from storage.lookback import containing_statement, documents_containing
from storage.models import Document

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _store(engine: Engine) -> dict[str, int]:
    rows = {
        "text": Document(content_hash="a", title="Talks", text="QASEM SOLEIMANI was named."),
        "title": Document(content_hash="b", title="Soleimani speaks", text="Nothing here."),
        "old": Document(
            content_hash="c",
            title="Old",
            text="Soleimani last month.",
            received_at=NOW - timedelta(days=30),
        ),
        "other": Document(content_hash="d", title="Weather", text="Rain 100% likely, a_b."),
    }
    with Session(engine, expire_on_commit=False) as session, session.begin():
        for row in rows.values():
            if row.received_at < NOW - timedelta(days=7):
                continue
            row.received_at = NOW
        session.add_all(rows.values())
    return {name: int(row.id or 0) for name, row in rows.items()}


def test_documents_containing_text_or_title_any_case_within_the_week(engine: Engine) -> None:
    ids = _store(engine)
    since = NOW - timedelta(days=7)
    with Session(engine) as session:
        found = documents_containing(session, ["soleimani"], since)
        assert [i for i, _, _ in found] == sorted([ids["text"], ids["title"]], reverse=True)
        # LIKE's wildcards in a word are literal characters, not patterns.
        assert documents_containing(session, ["0%"], since) == [
            (ids["other"], "Weather", "Rain 100% likely, a_b.")
        ]
        assert documents_containing(session, ["s_l"], since) == []
        assert documents_containing(session, [], since) == []


@pytest.mark.postgres
def test_postgres_answers_the_count_from_the_trigram_indexes(postgres_url: str) -> None:
    from storage.db import create_db_engine
    from storage.migrate import upgrade

    upgrade(postgres_url)
    engine = create_db_engine(postgres_url)
    try:
        _store(engine)
        stmt = containing_statement("postgresql", ["soleimani"], NOW - timedelta(days=7))
        compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        with engine.connect() as connection:
            names = connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
            ).scalars()
            assert {"ix_documents_text_trgm", "ix_documents_title_trgm"} <= set(names)
            # Four rows never need an index: forbid the other plans to see that the trigram
            # indexes can serve this query (a COLLATE or a function around the column would not).
            connection.execute(text("SET enable_seqscan = off"))
            connection.execute(text("SET enable_indexscan = off"))
            # The compiled SQL doubles % for psycopg; empty parameters make it undo that.
            plan = "\n".join(
                row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}", ())
            )
        assert "ix_documents_text_trgm" in plan and "ix_documents_title_trgm" in plan, plan
    finally:
        engine.dispose()
