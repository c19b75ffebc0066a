"""Installing lists: atomic replacement, change records, clusters, status, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from storage.lists_repo import (
    ListStoreError,
    find_entities,
    installed_entities,
    installed_links,
    list_info,
    list_status,
    recent_changes,
    replace_list,
)
from storage.models import EntityNameRow, ListChange, ListEntityRow
from storage.types import utcnow
from watchlists.entities import EntityKind, EntityName, ListEntity, ListSnapshot, NameQuality

SOLEIMANI = ListEntity(
    list_name="un",
    ref="IRi.039",
    kind=EntityKind.PERSON,
    name="QASEM SOLEIMANI",
    aliases=(
        EntityName("Qasim Soleimani", NameQuality.STRONG, "latin"),
        EntityName("Haj Qasem", NameQuality.LOW, "latin"),
        EntityName("قاسم سليماني", NameQuality.STRONG, "arabic"),
    ),
    programmes=("IRAN",),
    listed_on=date(2007, 3, 24),
    nationalities=("Iran",),
    birth_dates=("1957-03-11",),
    url="https://www.un.org/securitycouncil/",
    remarks="Commander of Qods Force",
)
QODS = ListEntity("un", "IRe.001", EntityKind.ORGANISATION, "QODS FORCE", programmes=("IRAN",))
SHOIGU = ListEntity("un", "X.1", EntityKind.PERSON, "SERGEI SHOIGU", birth_dates=("1955",))


def _snapshot(
    *entities: ListEntity, name: str = "un", problems: tuple[str, ...] = ()
) -> ListSnapshot:
    return ListSnapshot(
        name, tuple(entities), published=datetime(2026, 2, 27, tzinfo=UTC), source="test.xml",
        problems=problems,
    )  # fmt: skip


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_first_load_records_no_changes_and_round_trips(engine: Engine) -> None:
    summary = replace_list(engine, _snapshot(SOLEIMANI, QODS, problems=("x line 3: odd",)))
    assert (summary.entities, summary.names, summary.first_load) == (2, 5, True)
    assert (summary.added, summary.removed, summary.problems) == ((), (), ("x line 3: odd",))
    assert _count(engine, ListChange) == 0
    # What goes in comes back out, aliases, scripts and qualities included.
    assert installed_entities(engine) == [QODS, SOLEIMANI]


def test_reload_records_added_and_removed(engine: Engine) -> None:
    replace_list(engine, _snapshot(SOLEIMANI, QODS))
    before = utcnow()
    renamed = ListEntity("un", "IRe.001", EntityKind.ORGANISATION, "QUDS FORCE")
    summary = replace_list(engine, _snapshot(renamed, SHOIGU))
    assert not summary.first_load
    assert [(c.key, c.name) for c in summary.added] == [("un:X.1", "SERGEI SHOIGU")]
    assert [(c.key, c.name) for c in summary.removed] == [("un:IRi.039", "QASEM SOLEIMANI")]
    with Session(engine) as session:
        changes = recent_changes(session, before)
        assert [(c.list_name, c.entity_key, c.change) for c in changes] == [
            ("un", "un:X.1", "added"), ("un", "un:IRi.039", "removed"),
        ]  # fmt: skip
        assert recent_changes(session, utcnow() + timedelta(seconds=1)) == []
    assert _count(engine, ListEntityRow) == 2
    assert _count(engine, EntityNameRow) == 2  # the old aliases went with their entity


def test_failed_load_leaves_previous_version_in_force(engine: Engine) -> None:
    replace_list(engine, _snapshot(SOLEIMANI, QODS), etag='"v1"')
    duplicate = ListEntity("un", "X.1", EntityKind.PERSON, "SOMEONE ELSE")
    with pytest.raises(ListStoreError, match="previous version kept"):
        replace_list(engine, _snapshot(SHOIGU, duplicate), etag='"v2"')
    assert installed_entities(engine) == [QODS, SOLEIMANI]
    assert _count(engine, EntityNameRow) == 5
    assert _count(engine, ListChange) == 0
    with Session(engine) as session:
        info = list_info(session, "un")
        assert info is not None and (info.etag, info.entity_count) == ('"v1"', 2)
    with pytest.raises(ListStoreError, match="remove 1 of the 2 installed entities"):
        replace_list(engine, _snapshot(QODS), max_removed_fraction=0.4)
    replace_list(engine, _snapshot(QODS, SOLEIMANI), max_removed_fraction=0.0)  # removes none
    with pytest.raises(ListStoreError, match="no entities"):
        replace_list(engine, _snapshot())
    assert len(installed_entities(engine)) == 2


def test_clusters_link_lists_and_follow_reloads(engine: Engine) -> None:
    ofac = ListEntity(
        "ofac", "10481", EntityKind.PERSON, "SOLEIMANI, Qasem", birth_dates=("1957-03-11",),
        same_as=("un:IRi.039",),
    )  # fmt: skip
    replace_list(engine, _snapshot(SOLEIMANI, QODS))
    assert installed_links(engine) == {"un:IRi.039": "un:IRi.039", "un:IRe.001": "un:IRe.001"}
    replace_list(engine, _snapshot(ofac, name="ofac"))
    links = installed_links(engine)
    assert links["ofac:10481"] == links["un:IRi.039"] == "ofac:10481"
    # The UN entity's stored cluster was updated by the OFAC load.
    with Session(engine) as session:
        row = session.scalars(select(ListEntityRow).where(ListEntityRow.key == "un:IRi.039")).one()
        assert row.cluster == "ofac:10481"
    # Reloaded without the cross-reference and with another birth date: another person.
    unlinked = ListEntity(
        "ofac", "10481", EntityKind.PERSON, "SOLEIMANI, Qasem", birth_dates=("1960-05-05",)
    )
    replace_list(engine, _snapshot(unlinked, name="ofac"))
    assert installed_links(engine)["un:IRi.039"] == "un:IRi.039"


def test_status_and_find_entities(engine: Engine) -> None:
    assert list_status(engine) == []
    replace_list(engine, _snapshot(SOLEIMANI, QODS, SHOIGU, problems=("a", "b")))
    [status] = list_status(engine)
    assert status["list"] == "un"
    assert (status["entities"], status["names"], status["problems"]) == (3, 6, 2)
    assert status["kinds"] == {"organisation": 1, "person": 2}
    assert status["published"] == "2026-02-27T00:00:00+00:00"
    with Session(engine) as session:
        found = find_entities(session, ["un:IRi.039", "un:nope", "un:X.1"])
    assert found == {"un:IRi.039": SOLEIMANI, "un:X.1": SHOIGU}
