"""Seconds to parse each full shared sanctions list, entities per second, and linking time.

Usage: .venv/bin/python benchmarks/bench_parse.py [--repeat N]
Reads ../shared/data/sanctions beside the checkout; the best of N runs is shown.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest.list_files import read_list_paths
from watchlists.linking import link_entities

SANCTIONS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sanctions"
LISTS = {
    "UN consolidated XML": SANCTIONS / "un" / "consolidated_2026-02-27.xml",
    "OFAC SDN CSV set 2024": SANCTIONS / "ofac" / "sdn_2024-05-03",
    "OFAC SDN CSV set 2021": SANCTIONS / "ofac" / "sdn_2021-07-07",
    "OFAC non-SDN XML": SANCTIONS / "ofac" / "consolidated_non_sdn_2026-01-08.xml",
    "UK ConList CSV": SANCTIONS / "uk" / "ConList_2025-04-14.csv",
    "OpenSanctions simple CSV": SANCTIONS / "opensanctions" / "ua_war_targets.simple.csv",
}


def best_of(repeat: int, path: Path) -> tuple[float, int]:
    """Fastest time to read and parse `path`, and how many entities it gave."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        snapshots = read_list_paths([path])
        best = min(best, time.perf_counter() - start)
        count = sum(len(s.entities) for s in snapshots)
    return best, count


def main() -> None:
    """Print one line per list, then the linking time over the four main lists."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SANCTIONS.is_dir():
        raise SystemExit(f"shared data not found at {SANCTIONS}")
    print(f"{'list':28} {'entities':>9} {'seconds':>8} {'entities/s':>11}")
    total_seconds, total_entities = 0.0, 0
    for label, path in LISTS.items():
        seconds, count = best_of(args.repeat, path)
        total_seconds += seconds
        total_entities += count
        print(f"{label:28} {count:9,} {seconds:8.3f} {count / seconds:11,.0f}")
    print(f"{'all six':28} {total_entities:9,} {total_seconds:8.3f}")
    main_lists = [
        LISTS[k]
        for k in (
            "UN consolidated XML",
            "OFAC SDN CSV set 2024",
            "UK ConList CSV",
            "OpenSanctions simple CSV",
        )
    ]
    entities = [e for s in read_list_paths(main_lists) for e in s.entities]
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        clusters = link_entities(entities)
        best = min(best, time.perf_counter() - start)
    linked = len(entities) - len(set(clusters.values()))
    print(
        f"link_entities over {len(entities):,} entities (UN, OFAC 2024, UK, OpenSanctions): "
        f"{best:.3f} s, {linked:,} entries joined another's cluster"
    )


if __name__ == "__main__":
    main()
