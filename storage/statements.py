"""Statement building blocks shared by the repositories: ON CONFLICT inserts, tables, row counts."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["affected", "dialect_insert", "inserted", "table_of"]


def dialect_insert(session: Session, table: Table | Any) -> Any:
    """An `insert(table)` with `.on_conflict_do_nothing/_do_update` for the session's engine."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database dialect {name!r}")


def table_of(model: Any) -> Table:
    """The Core Table of a SQLModel table class (typed, unlike `Model.__table__`)."""
    return cast(Table, model.__table__)


def affected(result: Any) -> int:
    """Rows an INSERT/UPDATE/DELETE touched (`Result` is typed without `rowcount`)."""
    return int(getattr(result, "rowcount", 0) or 0)


def inserted(session: Session, stmt: Any) -> bool:
    """Run an INSERT ... ON CONFLICT DO NOTHING; True when it created a row.

    Asks for RETURNING rather than trusting rowcount, which psycopg reports as -1 for
    INSERTs executed through SQLAlchemy.
    """
    table = stmt.table
    key = next(iter(table.primary_key.columns))
    return session.execute(stmt.returning(key)).first() is not None
