"""Alembic migrations, run from inside the package: no alembic.ini needed at runtime."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from storage.db import create_db_engine, normalise_database_url

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revisions",
    "head_revisions",
    "include_object",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Indexes revision 0002 makes on PostgreSQL only (named there too: revisions import no app code).
_POSTGRES_ONLY_INDEXES = frozenset({"ix_documents_text_trgm", "ix_documents_title_trgm"})
# Any constant: the advisory lock that serialises migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x57A7C4_0001


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic logs its plugins (on import) and its context at INFO; keep only warnings."""
    logger = logging.getLogger("alembic")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Schema comparison filter: skip the PostgreSQL-only trigram indexes of revision 0002.

    They live outside the SQLModel metadata (one engine has them, the other cannot), so
    autogenerate and the schema test would otherwise report them as extra.
    """
    return not (type_ == "index" and name in _POSTGRES_ONLY_INDEXES)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations, bound to `connection` if given."""
    with _quiet_alembic():
        from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Generated revisions are named 0001_initial.py, 0002_..., in order.
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions() -> tuple[str, ...]:
    """The head revision(s) of the packaged migrations."""
    with _quiet_alembic():
        from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revision(s) the database at `connection` is at (empty when never migrated)."""
    with _quiet_alembic():
        from alembic.runtime.migration import MigrationContext

        return tuple(MigrationContext.configure(connection).get_current_heads())


def upgrade(url: str) -> list[str]:
    """Upgrade the database at `url` to head; return the revisions applied, oldest first.

    Running it on a current database applies nothing and returns [].
    """
    with _quiet_alembic():
        from alembic import command

    engine = create_db_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection, _quiet_alembic():
            if connection.dialect.name == "sqlite":
                # Batch migrations copy and rename tables; with foreign keys on, SQLite
                # would cascade the drop of the old table into our rows. Must be set
                # outside a transaction, hence before anything else.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            with connection.begin():
                # Two processes upgrading at once (a release step and a starting bot) take
                # turns; the second then finds nothing pending. On SQLite the explicit
                # BEGIN IMMEDIATE also makes the DDL one transaction, undone on failure.
                if connection.dialect.name == "postgresql":
                    connection.execute(select(func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
                else:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                pending = _pending(current_revisions(connection))
                if pending:
                    command.upgrade(alembic_config(connection), "heads")
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
        return pending
    finally:
        engine.dispose()


def _pending(current: tuple[str, ...]) -> list[str]:
    """Revisions between `current` and head, oldest first."""
    with _quiet_alembic():
        from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    lower = current if current else "base"
    revisions = script.iterate_revisions("heads", lower)  # newest first
    return [rev.revision for rev in reversed(list(revisions))]
