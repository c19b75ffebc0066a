"""The four full shared lists, loaded once per engine per session through `watchbot lists load`."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main

pytestmark = pytest.mark.slow

FULL_LISTS = (
    "sanctions/un/consolidated_2026-02-27.xml",
    "sanctions/ofac/sdn_2024-05-03",
    "sanctions/uk/ConList_2025-04-14.csv",
    "sanctions/opensanctions/ua_war_targets.simple.csv",
)
PG = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def full_lists_url(
    request: pytest.FixtureRequest,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_unreachable: str | None,
) -> Iterator[str]:
    """A database holding the four full lists, loaded with the CLI once per session."""
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
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        patch.setenv("DATABASE_URL", url)
        patch.setenv("WATCHBOT_DATA_DIR", str(workdir / "data"))
        assert main(["lists", "load", *(str(shared_data / path) for path in FULL_LISTS)]) == 0
    root.handlers[:] = handlers
    root.setLevel(level)
    try:
        yield url
    finally:
        if schema is not None:
            import psycopg

            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_status_counts_of_the_full_lists(
    full_lists_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
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
    from storage.db import create_db_engine
    from storage.lists_repo import installed_links

    engine = create_db_engine(full_lists_url)
    try:
        links = installed_links(engine)
    finally:
        engine.dispose()
    assert links["un:IRi.039"] == links["ofac:10481"]  # Qasem Soleimani
    putin = {key for key, cluster in links.items() if cluster == links["ofac:35096"]}
    assert {"ofac:35096", "uk:14196"} <= putin
    assert len(links) == 1003 + 14965 + 4688 + 5600
