"""Shared fixtures.

- `shared_data`: Path to ../shared/data beside the checkout; skips the test when it is absent.
- `shared_seeds`: Path to ../shared/seeds; skips when absent.
- `db_url`: parametrised over two real engines: a SQLite file in tmp_path, and a fresh schema on the
  PostgreSQL server at 127.0.0.1:5432 (skips with a reason when that server is unreachable).
- `engine`: a SQLAlchemy engine on `db_url` with the schema migrated to head.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data beside the checkout."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    """The seed article beside the checkout."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"shared seeds not found at {path}")
    return path


def _postgres_reachable() -> str | None:
    """Return None when PostgreSQL answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: skip, and say why
        return f"PostgreSQL at 127.0.0.1:5432 (user postgres, db test) unreachable: {exc}"


@pytest.fixture(scope="session")
def postgres_unreachable() -> str | None:
    """Why PostgreSQL tests must skip, or None."""
    return _postgres_reachable()


@pytest.fixture
def postgres_url(postgres_unreachable: str | None) -> Iterator[str]:
    """A URL to a fresh, empty schema on the local PostgreSQL; dropped afterwards."""
    if postgres_unreachable:
        pytest.skip(postgres_unreachable)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each real engine: SQLite in tmp_path, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'watchbot.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on `db_url`, migrated to the latest schema."""
    from storage.db import create_db_engine
    from storage.migrate import upgrade

    upgrade(db_url)
    eng = create_db_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()
