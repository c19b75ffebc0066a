"""Migrations: 0001 builds exactly the models' schema on both engines, 0002 adds PostgreSQL's
trigram indexes; `watchbot db upgrade`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from bot.cli import main
from storage.migrate import MIGRATIONS_DIR, head_revisions, include_object, upgrade


def test_upgrade_applies_every_revision_then_nothing(db_url: str) -> None:
    assert upgrade(db_url) == ["0001", "0002"]
    assert upgrade(db_url) == []


def test_concurrent_upgrades_take_turns(db_url: str) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def run() -> None:
        try:
            start.wait()
            results.append(upgrade(db_url))
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)  # deadlocked upgrades must fail the test, not hang it
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sorted(results) == [[], [], ["0001", "0002"]]


def test_migrated_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())


def test_head_is_0002_and_revisions_import_only_sqlalchemy() -> None:
    assert head_revisions() == ("0002",)
    for path in sorted((MIGRATIONS_DIR / "versions").glob("0*.py")):
        source = path.read_text(encoding="utf-8")
        # Revisions must not depend on the ORM types of the day (they render as sa.* types).
        assert "sqlmodel" not in source and "UtcDateTime" not in source, path.name


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`main` configures the root logger for the process; give pytest its handlers back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env from the checkout
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WATCHBOT_DATA_DIR", str(tmp_path / "data"))


def test_cli_db_upgrade(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli_env(monkeypatch, tmp_path, db_url)
    assert main(["db", "upgrade"]) == 0
    assert "applied 0001, 0002" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "schema is up to date" in capsys.readouterr().out


@pytest.mark.postgres
def test_cli_db_upgrade_heroku_url(
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    heroku = postgres_url.replace("postgresql+psycopg://", "postgres://", 1)
    assert heroku.startswith("postgres://")
    _cli_env(monkeypatch, tmp_path, heroku)
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "applied 0001, 0002" in out
    assert upgrade(postgres_url) == []
