"""Matching benchmarks, one command: `.venv/bin/python -m benchmarks.matching [--no-scale]`.

Prints, in order: name comparison F1 on nomenklatura's labelled pairs; list loading and index
build time; peak memory; BBC scanning speed against a plain ahocorasick-rs automaton measured in
the same run; the number of BBC articles with an alert-band sanction mention and a sample of
them with context (to read and judge); recall on hidden aliases; add-term latency; then the
same speed, memory and latency figures with 1,000,000 synthetic watch terms added; last,
recall on the lists' Arabic-script names found through their Latin ones.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from benchmarks.matching_corpus import alert_sample, load_corpus, scan_speed
from benchmarks.matching_names import name_bench
from benchmarks.matching_recall import in_index_recall, recall_bench
from benchmarks.matching_scale import add_term_latency, synthetic_terms
from benchmarks.matching_scripts import arabic_script_recall

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LISTS = (
    "sanctions/un/consolidated_2026-02-27.xml",
    "sanctions/ofac/sdn_2024-05-03",
    "sanctions/ofac/consolidated_non_sdn_2026-01-08.xml",
    "sanctions/uk/ConList_2025-04-14.csv",
    "sanctions/opensanctions/ua_war_targets.simple.csv",
    "sanctions/opensanctions/sample_entities.ftm.json",
)


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run every matching benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-scale", action="store_true", help="skip the 1,000,000-term run")
    parser.add_argument("--sample", type=int, default=60, help="alerted articles to print")
    parser.add_argument("--recall", type=int, default=3000, help="aliases to hide")
    parser.add_argument("--in-index", type=int, default=1000, help="entities for in-index recall")
    parser.add_argument("--terms", type=int, default=1_000_000, help="synthetic watch terms")
    args = parser.parse_args()

    from ingest.list_files import read_list_paths
    from watchlists.linking import link_entities
    from watchlists.matcher import Matcher

    name_bench(DATA)
    print()
    t0 = time.perf_counter()
    snapshots = read_list_paths([DATA / p for p in LISTS])
    entities = [e for s in snapshots for e in s.entities]
    n_names = sum(len(e.all_names()) for e in entities)
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    links = link_entities(entities)
    link_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher = Matcher(entities, links=links)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher.check("Qasem Soleimani")
    screen_s = time.perf_counter() - t0
    print(
        f"lists: {len(entities)} entities, {n_names} names from {len(snapshots)} files; "
        f"parsed in {parse_s:.1f} s, linked in {link_s:.1f} s"
    )
    print(
        f"index build (scan index, all lists): {build_s:.2f} s; screening index for `check`, "
        f"built on first use: {screen_s:.2f} s; peak memory so far {peak_mb():.0f} MB"
    )
    print()
    corpus = load_corpus(DATA)
    speed, results = scan_speed(matcher, entities, corpus, label="lists only")
    print()
    alerts = alert_sample(corpus, results, size=args.sample)
    print()
    recall_bench(entities, size=args.recall)
    print()
    in_index_recall(matcher, entities, size=args.in_index)
    print()
    add_term_latency(matcher, label="lists only")
    print(f"peak memory: {peak_mb():.0f} MB")
    if args.no_scale:
        print()
        arabic_script_recall(entities)
        return
    print()
    terms = synthetic_terms(args.terms)
    t0 = time.perf_counter()
    matcher.add_terms(terms)
    terms_s = time.perf_counter() - t0
    print(
        f"scale: {len(matcher.terms())} watch terms indexed in {terms_s:.1f} s; "
        f"peak memory {peak_mb():.0f} MB"
    )
    scale_speed, _ = scan_speed(matcher, entities, corpus, label=f"{args.terms} terms")
    add_term_latency(matcher, label=f"{args.terms} terms")
    print(f"peak memory: {peak_mb():.0f} MB")
    # Last, with the million-term index gone: its own index would weigh on the figures above.
    del matcher
    print()
    arabic_script_recall(entities)
    print()
    print(
        f"summary: scan {speed['mb_s']:.1f} MB/s ({speed['ratio']:.2f} x baseline); with "
        f"terms {scale_speed['mb_s']:.1f} MB/s ({scale_speed['ratio']:.2f} x; first round "
        f"{scale_speed['first_ratio']:.2f} x); alerted "
        f"{alerts['alerted_articles']:.0f} articles ({alerts['alerted_share']:.1%})"
    )


if __name__ == "__main__":
    main()
