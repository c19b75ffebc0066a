"""Time installing the four full shared lists with `replace_list`, on SQLite and PostgreSQL.

Baseline, measured in the same run: reading and parsing the same files (work every load
must do anyway). Prints, per engine, the first load (empty database) and a reload (every
list replaced, changes and clusters recomputed), and the ratio to the parse time.
Budget: all four lists loaded in at most 30 s per engine.

    .venv/bin/python benchmarks/bench_lists_load.py [--engines sqlite,postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from ingest.list_files import read_list_paths
from storage.db import create_db_engine
from storage.lists_repo import replace_list
from storage.migrate import upgrade
from watchlists.entities import ListSnapshot

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sanctions"
FULL_LISTS = (
    "un/consolidated_2026-02-27.xml",
    "ofac/sdn_2024-05-03",
    "uk/ConList_2025-04-14.csv",
    "opensanctions/ua_war_targets.simple.csv",
)
PG = "postgresql://postgres@127.0.0.1:5432/test"
BUDGET_S = 30.0


def load_all(url: str, snapshots: list[ListSnapshot]) -> tuple[float, dict[str, float]]:
    """Install every snapshot once; return the total and per-list seconds."""
    engine = create_db_engine(url)
    per_list: dict[str, float] = {}
    try:
        start = time.perf_counter()
        for snapshot in snapshots:
            t0 = time.perf_counter()
            replace_list(engine, snapshot)
            per_list[snapshot.list_name] = time.perf_counter() - t0
        return time.perf_counter() - start, per_list
    finally:
        engine.dispose()


def bench(engine_name: str, url: str, snapshots: list[ListSnapshot], parse_s: float) -> None:
    """Run a first load and a reload on one engine and print them."""
    upgrade(url)
    for label in ("first load", "reload"):
        total, per_list = load_all(url, snapshots)
        lists = "  ".join(f"{name} {seconds:5.2f}s" for name, seconds in per_list.items())
        verdict = "within" if total <= BUDGET_S else "OVER"
        print(
            f"{engine_name:<10} {label:<10} {total:6.2f}s  ({total / parse_s:4.1f}x parse)  "
            f"{verdict} the {BUDGET_S:.0f}s budget   {lists}"
        )


def main() -> None:
    """Parse once (the baseline), then load on each engine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    paths = [DATA / path for path in FULL_LISTS]
    start = time.perf_counter()
    snapshots = read_list_paths(paths)
    parse_s = time.perf_counter() - start
    entities = sum(len(s.entities) for s in snapshots)
    names = sum(len(e.all_names()) for s in snapshots for e in s.entities)
    print(f"baseline   read+parse {parse_s:6.2f}s  ({entities:,} entities, {names:,} names)")
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if "sqlite" in engines:
        with tempfile.TemporaryDirectory() as tmp:
            bench("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", snapshots, parse_s)
    if "postgres" in engines:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            bench("postgres", f"{PG}?options=-csearch_path%3D{schema}", snapshots, parse_s)
        finally:
            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
