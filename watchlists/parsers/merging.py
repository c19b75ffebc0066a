"""One list from several files (OFAC: the SDN CSV set and the consolidated XML)."""

from __future__ import annotations

from collections.abc import Sequence

from watchlists.entities import ListEntity, ListSnapshot

__all__ = ["merge_snapshots"]


def merge_snapshots(snapshots: Sequence[ListSnapshot]) -> list[ListSnapshot]:
    """Merge snapshots that hold the same list, in the order lists first appear.

    A list is replaced as a whole, so files of one list given together must become one
    snapshot: stored one after the other, the second would delist the first's entries.
    An entry present in two files is kept once (the first), and the clash is a problem.
    """
    merged: dict[str, list[ListSnapshot]] = {}
    for snapshot in snapshots:
        merged.setdefault(snapshot.list_name, []).append(snapshot)
    return [_merge(group) for group in merged.values()]


def _merge(group: list[ListSnapshot]) -> ListSnapshot:
    if len(group) == 1:
        return group[0]
    entities: dict[str, ListEntity] = {}
    problems: list[str] = []
    for snapshot in group:
        problems.extend(snapshot.problems)
        for entity in snapshot.entities:
            if entity.ref in entities:
                problems.append(
                    f"{snapshot.source}: entry {entity.ref} also in another file; kept once"
                )
                continue
            entities[entity.ref] = entity
    published = [s.published for s in group if s.published is not None]
    return ListSnapshot(
        list_name=group[0].list_name,
        entities=tuple(entities.values()),
        published=max(published) if published else None,
        source=" + ".join(s.source for s in group if s.source),
        problems=tuple(problems),
    )
