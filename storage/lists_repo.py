"""Installed sanctions lists: atomic replacement of one list, and what is installed.

`replace_list` swaps a whole list in one transaction: on any failure the previous
version stays in force. Loads are serialised (PostgreSQL advisory lock, SQLite's single
writer) because each one recomputes the cross-list clusters from every installed list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import EntityNameRow, ListChange, ListEntityRow, ListInfo
from storage.statements import table_of
from storage.types import utcnow
from watchlists.changes import EntityChange, diff_entities
from watchlists.entities import EntityKind, EntityName, ListEntity, ListSnapshot, NameQuality
from watchlists.linking import link_entities

__all__ = [
    "UPDATE_MAX_REMOVED_FRACTION",
    "ListChangeSummary",
    "ListStoreError",
    "find_entities",
    "installed_entities",
    "installed_links",
    "list_info",
    "list_status",
    "recent_changes",
    "replace_list",
]

# Scheduled and command-line updates refuse a download that drops more than this share
# of a list's entities (lists grow and shrink by a few entries a day).
UPDATE_MAX_REMOVED_FRACTION = 0.5
# Rows per executemany, keys per IN (...) list.
CHUNK = 5_000
# Any constant: the key of the advisory lock that serialises list loads on PostgreSQL.
_PG_LOCK_KEY = 0x57A7C4_11575


class ListStoreError(Exception):
    """A list could not be stored; the previous version of it is still in force."""


@dataclass(frozen=True, slots=True)
class ListChangeSummary:
    """What one load did to one list."""

    list_name: str
    entities: int
    names: int
    added: tuple[EntityChange, ...]
    removed: tuple[EntityChange, ...]
    problems: tuple[str, ...]
    first_load: bool
    published: datetime | None


def replace_list(
    engine: Engine,
    snapshot: ListSnapshot,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_removed_fraction: float | None = None,
) -> ListChangeSummary:
    """Install `snapshot` as the version in force of its list, atomically.

    Records which entities were added and removed against the previous version (none on
    a list's first load) and recomputes every entity's cross-list cluster. Raises
    ListStoreError, with the previous version intact, when the snapshot cannot be stored,
    or when it would remove more than `max_removed_fraction` of the installed entities
    (a truncated or wrong download should not silently empty a list).
    """
    name = snapshot.list_name
    if not snapshot.entities:
        raise ListStoreError(f"{name}: the new version holds no entities; previous version kept")
    try:
        with engine.connect() as connection:
            _begin_exclusive(connection)
            try:
                summary = _replace(connection, snapshot, etag, last_modified, max_removed_fraction)
            except BaseException:
                connection.rollback()
                raise
            connection.commit()
            return summary
    except IntegrityError as exc:
        raise ListStoreError(
            f"{name}: the new version breaks a database constraint ({exc.orig}); "
            "previous version kept"
        ) from exc


def _begin_exclusive(connection: Connection) -> None:
    """Start the transaction holding the lock that serialises list loads."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
    else:
        # Take SQLite's write lock now, not at the first write, so two loads cannot
        # both read the old version and then collide.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _replace(
    connection: Connection,
    snapshot: ListSnapshot,
    etag: str | None,
    last_modified: str | None,
    max_removed_fraction: float | None,
) -> ListChangeSummary:
    name = snapshot.list_name
    entities_t, names_t = table_of(ListEntityRow), table_of(EntityNameRow)
    lists_t, changes_t = table_of(ListInfo), table_of(ListChange)
    first_load = connection.scalar(select(lists_t.c.name).where(lists_t.c.name == name)) is None
    old = _pairs(
        connection.execute(
            select(entities_t.c.key, entities_t.c.name).where(entities_t.c.list_name == name)
        )
    )
    added, removed = diff_entities(old, snapshot.entities)
    if max_removed_fraction is not None and old and len(removed) > max_removed_fraction * len(old):
        raise ListStoreError(
            f"{name}: the new version would remove {len(removed):,} of the {len(old):,} "
            f"installed entities, more than {max_removed_fraction:.0%}; previous version kept"
        )

    others = _load_entities(connection, exclude=name)
    clusters = link_entities([*others, *snapshot.entities])

    old_ids = select(entities_t.c.id).where(entities_t.c.list_name == name)
    connection.execute(delete(names_t).where(names_t.c.entity_id.in_(old_ids.scalar_subquery())))
    connection.execute(delete(entities_t).where(entities_t.c.list_name == name))
    _insert_rows(
        connection, entities_t, [_entity_values(e, clusters[e.key]) for e in snapshot.entities]
    )
    ids = _pairs(
        connection.execute(
            select(entities_t.c.ref, entities_t.c.id).where(entities_t.c.list_name == name)
        )
    )
    name_rows = [
        {"entity_id": ids[e.ref], "name": n.name, "quality": n.quality.value, "script": n.script}
        for e in snapshot.entities
        for n in e.all_names()
    ]
    _insert_rows(connection, names_t, name_rows)

    _relink_others(connection, others, clusters)
    now = utcnow()
    info = {
        "published": snapshot.published,
        "loaded_at": now,
        "source": snapshot.source[:1024],
        "entity_count": len(snapshot.entities),
        "name_count": len(name_rows),
        "problems": list(snapshot.problems),
        "etag": etag,
        "last_modified": last_modified,
    }
    if first_load:
        connection.execute(insert(lists_t).values(name=name, **info))
    else:
        connection.execute(update(lists_t).where(lists_t.c.name == name).values(**info))
        change_rows = [
            {"list_name": name, "entity_key": c.key, "change": kind, "name": c.name,
             "detected_at": now}
            for kind, changes in (("added", added), ("removed", removed))
            for c in changes
        ]  # fmt: skip
        _insert_rows(connection, changes_t, change_rows)
    return ListChangeSummary(
        list_name=name,
        entities=len(snapshot.entities),
        names=len(name_rows),
        added=tuple(added) if not first_load else (),
        removed=tuple(removed) if not first_load else (),
        problems=snapshot.problems,
        first_load=first_load,
        published=snapshot.published,
    )


def _relink_others(
    connection: Connection, others: Sequence[ListEntity], clusters: Mapping[str, str]
) -> None:
    """Update the cluster of other lists' entities whose cluster the new version changed."""
    entities_t = table_of(ListEntityRow)
    other_lists = {e.list_name for e in others}
    current = _pairs(
        connection.execute(
            select(entities_t.c.key, entities_t.c.cluster).where(
                entities_t.c.list_name.in_(sorted(other_lists))
            )
        )
    )
    changed = [{"k": key, "c": clusters[key]} for key in current if current[key] != clusters[key]]
    stmt = (
        update(entities_t).where(entities_t.c.key == bindparam("k")).values(cluster=bindparam("c"))
    )
    for chunk in _chunks(changed):
        connection.execute(stmt, chunk)


def _entity_values(entity: ListEntity, cluster: str) -> dict[str, Any]:
    return {
        "list_name": entity.list_name,
        "ref": entity.ref,
        "key": entity.key,
        "kind": entity.kind.value,
        "name": entity.name,
        "programmes": list(entity.programmes),
        "listed_on": entity.listed_on,
        "nationalities": list(entity.nationalities),
        "birth_dates": list(entity.birth_dates),
        "url": entity.url,
        "same_as": list(entity.same_as),
        "cluster": cluster,
        "remarks": entity.remarks,
    }


def _chunks(
    rows: Sequence[dict[str, Any]], size: int = CHUNK
) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany in chunks on SQLite.

    Multi-row INSERT ... VALUES costs more in SQLAlchemy's compiler than it saves, and
    psycopg's executemany still sends one statement per row; COPY streams them all.
    """
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        for chunk in _chunks(rows):
            connection.execute(insert(table), chunk)
        return
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{name}"' for name in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [json.dumps(row[c]) if c in json_columns else row[c] for c in columns]
                )
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        # Raw driver errors bypass SQLAlchemy's wrapping; callers expect its IntegrityError.
        raise IntegrityError(statement, None, exc) from exc


def _load_entities(
    connection: Connection, *, exclude: str | None = None, keys: Collection[str] | None = None
) -> list[ListEntity]:
    """Installed entities as `ListEntity` values (aliases included), sorted by key."""
    entities_t, names_t = table_of(ListEntityRow), table_of(EntityNameRow)
    query = select(entities_t)
    names_query = select(
        names_t.c.entity_id, names_t.c.name, names_t.c.quality, names_t.c.script
    ).join(entities_t, entities_t.c.id == names_t.c.entity_id)
    if exclude is not None:
        query = query.where(entities_t.c.list_name != exclude)
        names_query = names_query.where(entities_t.c.list_name != exclude)
    if keys is not None:
        query = query.where(entities_t.c.key.in_(list(keys)))
        names_query = names_query.where(entities_t.c.key.in_(list(keys)))
    names: dict[int, list[EntityName]] = defaultdict(list)
    for entity_id, name, quality, script in connection.execute(names_query.order_by(names_t.c.id)):
        names[entity_id].append(EntityName(name, NameQuality(quality), script))
    entities = []
    for row in connection.execute(query).mappings():
        all_names = names.get(row["id"], [])
        # The primary name was stored first, as a strong name; the rest are the aliases.
        aliases = all_names[1:] if all_names and all_names[0].name == row["name"] else all_names
        entities.append(
            ListEntity(
                list_name=row["list_name"],
                ref=row["ref"],
                kind=EntityKind(row["kind"]),
                name=row["name"],
                aliases=tuple(aliases),
                programmes=tuple(row["programmes"]),
                listed_on=row["listed_on"],
                nationalities=tuple(row["nationalities"]),
                birth_dates=tuple(row["birth_dates"]),
                url=row["url"],
                same_as=tuple(row["same_as"]),
                remarks=row["remarks"],
            )
        )
    # Sorted here: the databases' collations order keys differently.
    entities.sort(key=lambda entity: entity.key)
    return entities


def installed_entities(engine: Engine) -> list[ListEntity]:
    """Every entity of every installed list, with all its names."""
    with engine.connect() as connection:
        return _load_entities(connection)


def installed_links(engine: Engine) -> dict[str, str]:
    """Entity key -> cluster id (the smallest key of the same real-world entity)."""
    entities_t = table_of(ListEntityRow)
    with engine.connect() as connection:
        rows = connection.execute(select(entities_t.c.key, entities_t.c.cluster))
        return {key: cluster or key for key, cluster in rows}


def find_entities(session: Session, keys: Iterable[str]) -> dict[str, ListEntity]:
    """The installed entities with these keys ("un:IRi.039"), by key; unknown keys are absent."""
    wanted = sorted(set(keys))
    found: dict[str, ListEntity] = {}
    connection = session.connection()
    for start in range(0, len(wanted), CHUNK):
        for entity in _load_entities(connection, keys=wanted[start : start + CHUNK]):
            found[entity.key] = entity
    return found


def list_status(engine: Engine) -> list[dict[str, Any]]:
    """One dict per installed list: publication date, counts, when loaded, problems."""
    entities_t = table_of(ListEntityRow)
    with Session(engine) as session:
        kinds: dict[str, dict[str, int]] = defaultdict(dict)
        by_kind = select(entities_t.c.list_name, entities_t.c.kind, func.count()).group_by(
            entities_t.c.list_name, entities_t.c.kind
        )
        for list_name, kind, count in session.execute(by_kind):
            kinds[list_name][kind] = count
        infos = session.scalars(select(ListInfo).order_by(col(ListInfo.name))).all()
        return [
            {
                "list": info.name,
                "published": info.published.isoformat() if info.published else None,
                "loaded_at": info.loaded_at.isoformat(),
                "entities": info.entity_count,
                "names": info.name_count,
                "kinds": dict(sorted(kinds[info.name].items())),
                "problems": len(info.problems),
                "source": info.source,
                "etag": info.etag,
                "last_modified": info.last_modified,
            }
            for info in infos
        ]


def recent_changes(session: Session, since: datetime) -> list[ListChange]:
    """Entities added to or removed from any list since `since`, oldest first."""
    stmt = (
        select(ListChange)
        .where(col(ListChange.detected_at) >= since)
        .order_by(col(ListChange.detected_at), col(ListChange.id))
    )
    return list(session.scalars(stmt))


def list_info(session: Session, list_name: str) -> ListInfo | None:
    """The `lists` row of one list (its ETag and Last-Modified), or None before its first load."""
    return session.get(ListInfo, list_name)


def _pairs(rows: Iterable[Any]) -> dict[Any, Any]:
    """Two-column rows as a dict (dict() would take a Result for a mapping)."""
    return {first: second for first, second in rows}
