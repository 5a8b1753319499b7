"""How much of "topics worse than the baseline" is arrival order: a yardstick for the count.

``tidings eval stories`` counts the ECB+ topics where Tidings scores below the
single-pass TF-IDF baseline in one arrival order. Both are single-pass clusterers, so
a topic's score moves with the order its articles arrive in. This script groups the
file in its own order and ``--orders - 1`` seeded shuffles (the eval's ``--shuffle``
seeds 1, 2, ...) and prints, per topic score as the eval computes it:

- ``worse_than_baseline`` (Tidings): per order, the topics where Tidings < baseline;
- ``worse_than_itself`` (each system): over every ordered pair of orders, how many
  topics the system scores lower in one order than in the other (mean, min, max):
  what order alone does to such a count;
- ``topics_worse_on_mean`` (Tidings): topics where Tidings' mean over the orders is
  below the baseline's mean, by how much: the losses that order does not explain.

Run: ``python scripts/story_order_noise.py --data DATA/story_clusters_ecbplus/documents.jsonl.gz``
(``--orders 8``, ``--json``). About ten seconds an order.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path

from tidings.eval.stories import (
    arrival_orders,
    baseline_clusters,
    read_articles,
    tidings_clusters,
    topic_totals,
    topics_f1,
)

TopicScores = dict[str, float]


def scores_by_order(data: Path, orders: int) -> tuple[list[TopicScores], list[TopicScores]]:
    """Per order: each topic's B-cubed F1 for Tidings and for the baseline."""
    ours, theirs = [], []
    for order in arrival_orders(read_articles(data), orders - 1):
        for found, labels in (
            (ours, tidings_clusters(order.arrivals)),
            (theirs, baseline_clusters(order.records)),
        ):
            totals = topic_totals(order.topics, order.gold, labels)
            found.append({t: topics_f1(totals, [t]) for t in totals})
    return ours, theirs


def worse(a: TopicScores, b: TopicScores) -> int:
    return sum(a[t] < b[t] for t in a)


def spread(counts: list[int]) -> dict[str, float]:
    return {"mean": round(statistics.fmean(counts), 2), "min": min(counts), "max": max(counts)}


def report(ours: list[TopicScores], theirs: list[TopicScores]) -> dict[str, dict[str, object]]:
    pairs = list(itertools.permutations(range(len(ours)), 2))
    mean_ours = {t: statistics.fmean(order[t] for order in ours) for t in ours[0]}
    mean_theirs = {t: statistics.fmean(order[t] for order in theirs) for t in theirs[0]}
    return {
        "tidings": {
            "worse_than_baseline": [worse(a, b) for a, b in zip(ours, theirs, strict=True)],
            "worse_than_itself": spread([worse(ours[i], ours[j]) for i, j in pairs]),
            "topics_worse_on_mean": {
                t: round(mean_ours[t] - mean_theirs[t], 4)
                for t in sorted(mean_ours, key=lambda t: mean_ours[t] - mean_theirs[t])
                if mean_ours[t] < mean_theirs[t]
            },
            "topics": len(mean_ours),
        },
        "baseline": {"worse_than_itself": spread([worse(theirs[i], theirs[j]) for i, j in pairs])},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--orders", type=int, default=8, help="the file's order and shuffles")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = report(*scores_by_order(args.data, args.orders))
    if args.json:
        print(json.dumps(result))
        return
    for system, figures in result.items():
        for key, value in figures.items():
            print(f"{system} {key}: {value}")


if __name__ == "__main__":
    main()
