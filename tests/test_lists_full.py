"""The four full shared lists: parsed once per session, installed once per engine, read back
through `watchbot lists status --json`. (`lists load` itself is exercised on the seeds.)"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from ingest.list_files import read_list_paths
from storage.db import create_db_engine
from storage.lists_repo import installed_links, replace_list
from storage.migrate import upgrade
from watchlists.entities import ListSnapshot

pytestmark = pytest.mark.slow

FULL_LISTS = (
    "sanctions/un/consolidated_2026-02-27.xml",
    "sanctions/ofac/sdn_2024-05-03",
    "sanctions/uk/ConList_2025-04-14.csv",
    "sanctions/opensanctions/ua_war_targets.simple.csv",
)
PG = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def full_snapshots(shared_data: Path) -> list[ListSnapshot]:
    """The four full lists, parsed once."""
    return read_list_paths([shared_data / path for path in FULL_LISTS])


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def full_lists_url(
    request: pytest.FixtureRequest,
    full_snapshots: list[ListSnapshot],
    tmp_path_factory: pytest.TempPathFactory,
    postgres_unreachable: str | None,
) -> Iterator[str]:
    """A migrated database holding the four full lists, installed once per session."""
    workdir = tmp_path_factory.mktemp("full_lists")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'watchbot.db'}"
    else:
        if postgres_unreachable:
            pytest.skip(postgres_unreachable)
        import psycopg

        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{PG}?options=-csearch_path%3D{schema}"
    upgrade(url)
    engine = create_db_engine(url)
    try:
        for snapshot in full_snapshots:
            replace_list(engine, snapshot)
    finally:
        engine.dispose()
    try:
        yield url
    finally:
        if schema is not None:
            import psycopg

            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_status_counts_of_the_full_lists(
    full_lists_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", full_lists_url)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    capsys.readouterr()
    try:
        assert main(["lists", "status", "--json"]) == 0
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    status = {row["list"]: row for row in json.loads(capsys.readouterr().out)}
    assert {name: row["entities"] for name, row in status.items()} == {
        "un": 1003, "ofac": 14965, "uk": 4688, "opensanctions": 5600,
    }  # fmt: skip
    assert status["un"]["kinds"] == {"person": 730, "organisation": 273}
    assert status["ofac"]["kinds"] == {
        "person": 6854, "organisation": 6884, "vessel": 851, "aircraft": 376,
    }  # fmt: skip
    assert status["un"]["published"].startswith("2026-02-27")
    # The OFAC CSV set is from two dates: rows naming missing entries are counted.
    assert status["ofac"]["problems"] > 0 and status["un"]["problems"] == 0


def test_the_same_people_are_linked_across_lists(full_lists_url: str) -> None:
    engine = create_db_engine(full_lists_url)
    try:
        links = installed_links(engine)
    finally:
        engine.dispose()
    assert links["un:IRi.039"] == links["ofac:10481"]  # Qasem Soleimani
    putin = {key for key, cluster in links.items() if cluster == links["ofac:35096"]}
    assert {"ofac:35096", "uk:14196"} <= putin
    assert len(links) == 1003 + 14965 + 4688 + 5600
