"""Choose the story-grouping thresholds on the train topics, then report the dev topics.

Grid over ``join_threshold``, ``tag_weight`` and ``merge_threshold``
(``enrich.stories.StoryParams``) and over
the baseline's single cosine threshold. Each setting is scored by B-cubed F1 averaged
over the file's own order and ``--orders`` seeded shuffles, because a single-pass
clusterer depends on arrival order and the file order of ECB+ (grouped by event) is
kinder than any real stream. The best train setting is then scored on dev, so the
figure reported for dev was not tuned on dev.

Run: ``python scripts/tune_stories.py --data DATA/story_clusters_ecbplus/documents.jsonl.gz``
(``DATA`` is the shared data folder).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
from dataclasses import replace
from pathlib import Path

from tidings.enrich.stories import DEFAULT, StoryParams
from tidings.eval.stories import (
    baseline_clusters,
    bcubed,
    read_articles,
    record_tags,
    signals,
    tidings_clusters,
)

THRESHOLDS = [round(0.16 + 0.02 * i, 2) for i in range(13)]
TAG_WEIGHTS = [0.0, 0.1, 0.2, 0.3]
MERGE_THRESHOLDS = [0.45, 0.55, 0.65, 1.01]  # 1.01: never merge stories
BASELINE_THRESHOLDS = [round(0.1 + 0.025 * i, 3) for i in range(13)]


def orders(n: int, count: int) -> list[list[int]]:
    """The file order and ``count`` seeded shuffles of it."""
    found = [list(range(n))]
    for seed in range(1, count + 1):
        shuffled = list(range(n))
        random.Random(seed).shuffle(shuffled)
        found.append(shuffled)
    return found


def mean_f1(records, arrivals, params: StoryParams | None, threshold: float, runs) -> float:
    """B-cubed F1 over the orders: Tidings with ``params``, else the baseline."""
    scores = []
    for order in runs:
        rs = [records[i] for i in order]
        gold = [r["cluster_id"] for r in rs]
        if params is None:
            predicted = baseline_clusters(rs, threshold)
        else:
            predicted = tidings_clusters([arrivals[i] for i in order], params)
        scores.append(bcubed(gold, predicted)["b3_f1"])
    return round(statistics.fmean(scores), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--orders", type=int, default=3, help="shuffled orders besides the file's")
    args = parser.parse_args()
    split = {name: read_articles(args.data, name) for name in ("train", "dev")}
    arrivals = {name: signals(rs, record_tags(rs)) for name, rs in split.items()}
    runs = {name: orders(len(records), args.orders) for name, records in split.items()}

    grid = []
    for weight, merging, threshold in itertools.product(TAG_WEIGHTS, MERGE_THRESHOLDS, THRESHOLDS):
        params = replace(
            DEFAULT, join_threshold=threshold, tag_weight=weight, merge_threshold=merging
        )
        f1 = mean_f1(split["train"], arrivals["train"], params, 0, runs["train"])
        grid.append((f1, params))
        print(
            f"tidings  train  threshold {threshold:.2f} tag_weight {weight:.1f}  "
            f"merge {merging:.2f}  F1 {f1}"
        )
    best_f1, best = max(grid, key=lambda pair: pair[0])
    base = max(
        (mean_f1(split["train"], None, None, t, runs["train"]), t) for t in BASELINE_THRESHOLDS
    )
    print(
        f"\nbest tidings on train: threshold {best.join_threshold} tag_weight {best.tag_weight}"
        f" merge {best.merge_threshold}  F1 {best_f1}"
    )
    print(f"best baseline on train: threshold {base[1]}  F1 {base[0]}")
    dev = mean_f1(split["dev"], arrivals["dev"], best, 0, runs["dev"])
    dev_base = mean_f1(split["dev"], None, None, base[1], runs["dev"])
    print(f"dev (mean of {args.orders + 1} orders): tidings F1 {dev}  baseline F1 {dev_base}")


if __name__ == "__main__":
    main()
