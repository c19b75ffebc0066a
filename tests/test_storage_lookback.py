"""storage.lookback.documents_containing on both engines, and PostgreSQL's trigram index for it."""

from __future__ import annotations

import logging
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
                text(
                    "SELECT indexname FROM pg_indexes "
                    "WHERE tablename = 'documents' AND schemaname = current_schema()"
                )
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


@pytest.mark.postgres
def test_without_pg_trgm_the_upgrade_goes_on_and_the_count_still_works(
    postgres_unreachable: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    """A role that does not own its database and may not create there (so no extension):
    revision 0002 logs why and skips the indexes."""
    if postgres_unreachable:
        pytest.skip(postgres_unreachable)
    import uuid

    import psycopg

    from storage.db import create_db_engine
    from storage.migrate import upgrade

    # A database of its own: pg_trgm already sits in `test` from the other tests.
    name = f"t_noext_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(admin.replace("/test", f"/{name}"), autocommit=True) as conn:
            # Its own schema to build tables in; the database stays postgres's, and the role has
            # no CREATE on it, so it cannot create an extension.
            conn.execute(f'CREATE SCHEMA app AUTHORIZATION "{name}"')
        url = f"postgresql+psycopg://{name}@127.0.0.1:5432/{name}?options=-csearch_path%3Dapp"
        with caplog.at_level(logging.WARNING, logger="watchbot.migrations"):
            assert upgrade(url) == ["0001", "0002"]
        assert any("pg_trgm could not be created" in r.getMessage() for r in caplog.records)
        engine = create_db_engine(url)
        try:
            ids = _store(engine)
            with engine.connect() as connection:
                names = set(
                    connection.execute(
                        text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
                    ).scalars()
                )
            assert not {n for n in names if n.endswith("_trgm")}
            with Session(engine) as session:
                found = documents_containing(session, ["soleimani"], NOW - timedelta(days=7))
            assert {i for i, _, _ in found} == {ids["text"], ids["title"]}
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')
