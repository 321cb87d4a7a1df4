"""Search speed and quality over the full index (34 scenarios and every policy passage).

Our search (segmentation, typo and pinyin reading, synonyms, weighted index) is timed
query by query over the labelled set in tests/search_eval/, several rounds. The
baseline, measured in the same run over the same queries, is what a quick build would
do: rapidfuzz's WRatio against the scenario names alone. Both are scored for accuracy
too, so the ratio says what the extra quality costs in speed.

    python bench/search.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process

from handlers.catalog import load_catalog
from handlers.search import Searcher
from handlers.search.quality import load_cases, measure

CASES = Path(__file__).resolve().parents[1] / "tests" / "search_eval" / "queries.yaml"
HOLDOUT = CASES.with_name("holdout.yaml")


def timed(rank: Callable[[str], Sequence[str]], queries: list[str], rounds: int) -> tuple[float, float, float]:
    """Queries per second, median and p99 latency in milliseconds."""
    latencies: list[float] = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            rank(query)
            latencies.append(time.perf_counter() - start)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / sum(latencies), statistics.median(latencies) * 1e3, p99 * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    catalog = load_catalog()
    cases = load_cases(CASES)
    queries = [c.q for c in cases]

    start = time.perf_counter()
    search = Searcher(catalog)
    search.warm()
    build_s = time.perf_counter() - start

    def ours(query: str) -> list[str]:
        return [hit.id for hit in search(query).ranked]

    names = {s.id: f"{s.name.zh_CN} {s.name.en}" for s in catalog}
    ids, choices = list(names), list(names.values())

    def baseline(query: str) -> list[str]:
        return [ids[n] for _, _, n in process.extract(query, choices, scorer=fuzz.WRatio, limit=3)]

    ours_rate, ours_p50, ours_p99 = timed(ours, queries, args.rounds)
    base_rate, base_p50, base_p99 = timed(baseline, queries, args.rounds)
    ours_q, base_q = measure(ours, cases), measure(baseline, cases)
    scen = [c for c in cases if c.kind != "policy"]
    ours_s, base_s = measure(ours, scen), measure(baseline, scen)
    held = load_cases(HOLDOUT)
    ours_h, base_h = measure(ours, held), measure(baseline, held)

    entries = len(catalog) + len(search.policies)
    print(f"index: {len(catalog)} scenarios + {len(search.policies)} policy passages = {entries} entries")
    print(f"index built in {build_s:.2f} s (segmentation dictionary included)")
    print(f"queries: {len(queries)} labelled x {args.rounds} rounds")
    print(f"our search          : {ours_rate:8.0f} queries/s  p50 {ours_p50:6.3f} ms  p99 {ours_p99:6.3f} ms")
    print(f"baseline rapidfuzz  : {base_rate:8.0f} queries/s  p50 {base_p50:6.3f} ms  p99 {base_p99:6.3f} ms")
    print(f"ratio ours / baseline (queries/s): {ours_rate / base_rate:.3f}")
    for label, a, b in (
        ("all queries", ours_q, base_q),
        ("scenario queries", ours_s, base_s),
        ("held-out set", ours_h, base_h),
    ):
        (a1, a3), (b1, b3) = a.overall.rates(), b.overall.rates()
        n = a.overall.total
        print(
            f"accuracy, {label:16} ({n}): ours top-1 {a1:.1%} top-3 {a3:.1%} | baseline top-1 {b1:.1%} top-3 {b3:.1%}"
        )


if __name__ == "__main__":
    main()
