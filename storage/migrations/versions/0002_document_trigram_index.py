"""document trigram index (PostgreSQL only)

/watch counts the week's documents that mention the new term with `ILIKE '%word%'`; without an
index PostgreSQL reads every document of the week (~20-30 ms for 2,000 articles, growing with
the news). A pg_trgm GIN index on the title and text answers it from the index (~1 ms for a name
no document holds, ~7 ms for one in 170 of them). SQLite needs nothing: its LIKE over the same
rows is already fast enough, and it has no trigram index.

pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where it cannot
be created, the migration logs why and goes on without the index; the count is then slower, not
wrong. The indexes are not in the SQLModel metadata (they exist on one engine only);
`storage.migrate.include_object` keeps schema comparison from reporting them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("watchbot.migrations")

INDEXES = {"ix_documents_text_trgm": "text", "ix_documents_title_trgm": "title"}


def _trgm_schema(bind: sa.Connection) -> str | None:
    """The schema pg_trgm is installed in, or None when it is not installed."""
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one_or_none()


def upgrade() -> None:
    """Apply this revision."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trgm_schema(bind)
    if schema is None:
        try:
            # In `public` when there is one, so that dropping the application's own schema
            # (a test's, a tenant's) never drops an extension other schemas use.
            with bind.begin_nested():
                public = bind.execute(
                    sa.text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")
                ).scalar()
                where = " SCHEMA public" if public else ""
                bind.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS pg_trgm{where}"))
        except sa.exc.DBAPIError as exc:
            log.warning(
                "pg_trgm could not be created (%s); /watch's count of recent documents will "
                "read the week's documents instead of an index",
                str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__,
            )
        schema = _trgm_schema(bind)
    if schema is None:
        return
    opclass = f"{bind.dialect.identifier_preparer.quote(schema)}.gin_trgm_ops"
    for name, column in INDEXES.items():
        # GIN queues new rows in a pending list that every search reads in full until it is
        # flushed (4 MB by default: ~30 ms per search after a busy hour, until autovacuum).
        # 256 kB keeps searches within a few ms; inserting flushes a little more often (2,127
        # articles stored in 2.2-2.4 s, against 1.4 s with the default list and 0.5 s with no
        # index; updating the index row by row: 9.1 s).
        # Under the "C" collation, as the query asks: ILIKE then folds ASCII case only, the
        # same in every database (a Turkish locale would not match "IRAN" to "iran").
        op.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON documents USING gin (({column} COLLATE "C") '
            f"{opclass}) WITH (gin_pending_list_limit = 256)"
        )


def downgrade() -> None:
    """Revert this revision (the extension stays: other objects may use it)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
