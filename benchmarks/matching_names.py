"""Name comparison on nomenklatura's 826 labelled pairs: precision, recall, F1 by threshold."""

from __future__ import annotations

import csv
from pathlib import Path

from watchlists.name_compare import MATCH_THRESHOLD, compare_names

__all__ = ["name_bench"]


def name_bench(data: Path) -> dict[str, float]:
    """Print a threshold sweep and return the figures at MATCH_THRESHOLD."""
    path = data / "name_matching" / "nomenklatura_name_bench_cases.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    scored = [
        (compare_names(r["name1"], r["name2"])[0], r["is_match"].strip().lower() == "true")
        for r in rows
    ]
    print(f"name comparison: {len(scored)} labelled pairs from {path.name}")
    print("  threshold  precision  recall  F1")
    best = (0.0, 0.0)
    for step in range(50, 96, 5):
        threshold = step / 100
        p, r, f1 = _prf(scored, threshold)
        best = max(best, (f1, threshold))
        mark = "  <- chosen" if abs(threshold - MATCH_THRESHOLD) < 1e-9 else ""
        print(f"  {threshold:9.2f}  {p:9.3f}  {r:6.3f}  {f1:.3f}{mark}")
    p, r, f1 = _prf(scored, MATCH_THRESHOLD)
    print(
        f"  at the chosen threshold {MATCH_THRESHOLD}: F1 {f1:.3f} (best in sweep "
        f"{best[0]:.3f} at {best[1]:.2f}); OpenSanctions logic-v2: 0.796"
    )
    return {"name_f1": f1, "name_precision": p, "name_recall": r}


def _prf(scored: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in scored if s >= threshold and y)
    fp = sum(1 for s, y in scored if s >= threshold and not y)
    fn = sum(1 for s, y in scored if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
