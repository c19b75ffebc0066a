"""Alembic environment: migrates the connection `storage.migrate` hands over."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.sql.type_api import TypeEngine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)
from storage.migrate import include_object
from storage.types import UtcDateTime

target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types, so revisions import only `sa`."""
    if type_ == "type" and isinstance(obj, TypeEngine):
        if isinstance(obj, UtcDateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(obj, AutoString):
            # SQLModel's AutoString is a VARCHAR; length None means unbounded.
            length = getattr(obj.impl, "length", None)
            return f"sa.String(length={length})" if length else "sa.String()"
    return False


def run_migrations_online() -> None:
    """Run migrations on the connection placed in config.attributes by storage.migrate."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through storage.migrate, which supplies a connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) mode is not supported; use watchbot db upgrade")
run_migrations_online()
