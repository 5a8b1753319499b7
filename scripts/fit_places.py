"""Fit ``enrich/tags/data/place_thresholds.json``: when a mentioned country is a subject.

A story names many countries in passing; an editor tags the ones it is about. Two
numbers decide: the mention weight a country needs (title 2, lead 1.5, elsewhere 1)
and its share of the most-mentioned country's weight. They are chosen by grid search
for the best F1 against Reuters-21578 editors' places on LEWISSPLIT=TRAIN; the other
stories (NOT-USED) give a held-out check.

Run: ``python scripts/fit_places.py --data /work/shared/data``
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from tidings.enrich.tags.analysis import analyse
from tidings.enrich.tags.gazetteer import place_names
from tidings.enrich.tags.places import PlaceTagger, PlaceThresholds
from tidings.eval.jsonl import read_jsonl
from tidings.eval.metrics import micro_scores
from tidings.eval.places import reuters_tag, story_text

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/place_thresholds.json"
REUTERS = "news_topics_reuters21578/articles.jsonl.gz"
MIN_WEIGHTS = (1.0, 1.5, 2.0, 2.5, 3.0)
MIN_SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def stories(data: Path, split: set[str]) -> list[tuple[set[str], dict[str, float]]]:
    """Gold country tags and the weight of every mentioned country, per story."""
    tagger = PlaceTagger(place_names(), PlaceThresholds(0.0, 0.0))
    found = []
    for record in read_jsonl(data / REUTERS):
        if record["lewissplit"] not in split or not record.get("places"):
            continue
        title, text = story_text(record)
        analysis = analyse(title, text, "en")
        countries, _ = tagger.tallies(analysis, tagger.mentions(analysis))
        gold = {reuters_tag(code) for code in record["places"]}
        found.append((gold, {slug: t.weight for slug, t in countries.items()}))
    return found


def f1(data: list[tuple[set[str], dict[str, float]]], min_weight: float, min_share: float):
    tp = predicted = gold_total = 0
    for gold, weights in data:
        top = max(weights.values(), default=0.0)
        floor = max(min_weight, min_share * top)
        chosen = {slug for slug, w in weights.items() if w >= floor}
        tp += len(chosen & gold)
        predicted += len(chosen)
        gold_total += len(gold)
    precision, recall, score = micro_scores(tp, predicted, gold_total)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(score, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    train = stories(args.data, {"TRAIN"})
    grid = itertools.product(MIN_WEIGHTS, MIN_SHARES)
    min_weight, min_share = max(grid, key=lambda g: f1(train, *g)["f1"])
    held_out = stories(args.data, {"NOT-USED"})
    result = {
        "min_weight": min_weight,
        "min_share": min_share,
        "fitted_on": "Reuters-21578 LEWISSPLIT=TRAIN places (scripts/fit_places.py)",
        "check": {
            "train": f1(train, min_weight, min_share),
            "held_out": f1(held_out, min_weight, min_share),
            "held_out_no_threshold": f1(held_out, 0.0, 0.0),
        },
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    print(f"fitted in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
