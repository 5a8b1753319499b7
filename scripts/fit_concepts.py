"""Fit the concept scorer ``enrich/tags/data/concept_model.json`` on labelled news.

Two steps, both reproducible from the shared data:
1. (before: ``scripts/build_word_stats.py`` gives how specific each cue word is.)
2. A logistic regression over the candidate features of ``ConceptTagger``, trained on
   Reuters-21578 stories (LEWISSPLIT=TRAIN) whose editor-assigned topics map onto IPTC
   Media Topics (``TOPIC_TO_IPTC``), and the probability threshold that maximises F1
   on them. The remaining stories (NOT-USED) give a held-out check.

Only concepts a Reuters topic maps to are training rows: for the others Reuters says
nothing, so they are neither positives nor negatives. The model is global (one weight
per feature), so it transfers to every concept of the vocabulary.

Run: ``python scripts/fit_concepts.py --data /work/shared/data``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from tidings.enrich.tags.analysis import analyse
from tidings.enrich.tags.concepts import FEATURES, ConceptModel, ConceptTagger
from tidings.enrich.tags.idf import english_idf
from tidings.enrich.tags.places import PlaceTagger
from tidings.enrich.tags.tagger import tokens_within
from tidings.enrich.tags.vocabulary import concepts
from tidings.eval.metrics import micro_scores

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/concept_model.json"
REUTERS = "news_topics_reuters21578/articles.jsonl.gz"
_AGRICULTURE = ("medtop:20000210", "medtop:20000386")
_METAL = ("medtop:20000388", "medtop:20000386")
TOPIC_TO_IPTC: dict[str, tuple[str, ...]] = {
    "earn": ("medtop:20000178",),  # corporate earnings
    "acq": ("medtop:20000204",),  # merger or acquisition
    "money-fx": ("medtop:20000391", "medtop:20000355"),  # foreign exchange, currency
    "dlr": ("medtop:20000391", "medtop:20000355"),
    "yen": ("medtop:20000391", "medtop:20000355"),
    "stg": ("medtop:20000391", "medtop:20000355"),
    "interest": ("medtop:20000371",),  # interest rate
    "money-supply": ("medtop:20000379",),  # monetary policy
    "trade": ("medtop:20000373",),  # international trade
    "bop": ("medtop:20000375",),  # trade balance
    "crude": ("medtop:20001243",),  # oil and gas
    "nat-gas": ("medtop:20000263", "medtop:20001243"),  # natural gas
    "gnp": ("medtop:20000359", "medtop:20000358"),  # GDP, economic indicator
    "cpi": ("medtop:20000370", "medtop:20000382"),  # inflation, prices
    "wpi": ("medtop:20000370", "medtop:20000382"),
    "ipi": ("medtop:20000360", "medtop:20000358"),  # industrial production
    "jobs": ("medtop:20000365", "medtop:20000533"),  # employment statistics
    "ship": ("medtop:20000291",),  # shipping and postal service
    "retail": ("medtop:20000252",),
    "housing": ("medtop:20001368",),  # residential real estate
    **{
        crop: _AGRICULTURE
        for crop in (
            "grain", "wheat", "corn", "barley", "rice", "sorghum", "oilseed", "soybean",
            "cotton", "sugar", "coffee", "cocoa", "livestock", "veg-oil", "rapeseed",
            "palm-oil", "carcass", "hog", "tea", "orange", "sunseed", "meal-feed",
        )
    },
    **{
        metal: _METAL
        for metal in (
            "gold", "silver", "copper", "zinc", "alum", "tin", "lead", "iron-steel",
            "strategic-metal", "nickel", "platinum", "palladium",
        )
    },
}  # fmt: skip


def read(data: Path, rel: str):
    with gzip.open(data / rel, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def rows(tagger: ConceptTagger, data: Path, split: set[str]):
    """(features, label) for candidates of mapped concepts; and the gold pair count.

    Place names are found first, as the tagger does, so that their words are no cues.
    """
    mapped = {q for qs in TOPIC_TO_IPTC.values() for q in qs}
    places = PlaceTagger.load()
    features, labels, gold_total = [], [], 0
    for record in read(data, REUTERS):
        if record["lewissplit"] not in split or record["topics_attr"] != "YES":
            continue
        if not record["text"]:
            continue
        gold = {q for t in record["topics"] for q in TOPIC_TO_IPTC.get(t, ())}
        gold_total += len(gold)
        analysis = analyse(record["title"] or "", record["text"], "en")
        spans = [(start, end) for start, end, _ in places.mentions(analysis)]
        for candidate in tagger.candidates(analysis, tokens_within(analysis, spans)):
            if candidate.concept.qcode in mapped:
                features.append(candidate.features)
                labels.append(candidate.concept.qcode in gold)
    return np.array(features), np.array(labels), gold_total


def best_threshold(probabilities: np.ndarray, labels: np.ndarray, gold_total: int) -> float:
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.05, 0.95, 0.01):
        chosen = probabilities >= threshold
        tp = int((chosen & labels).sum())
        f1 = 2 * tp / (chosen.sum() + gold_total) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return round(best, 2)


def f1_at(model: ConceptModel, x: np.ndarray, y: np.ndarray, gold_total: int) -> dict:
    chosen = np.array([model.probability(tuple(row)) >= model.threshold for row in x])
    tp = int((chosen & y).sum())
    precision, recall, f1 = micro_scores(tp, int(chosen.sum()), gold_total)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    neutral = ConceptModel((0.0,) * len(FEATURES), 0.0, 0.5)
    tagger = ConceptTagger(concepts(), neutral, english_idf())
    x, y, gold = rows(tagger, args.data, {"TRAIN"})
    regression = LogisticRegression(max_iter=1000, random_state=0).fit(x, y)
    probabilities = regression.predict_proba(x)[:, 1]
    threshold = best_threshold(probabilities, y, gold)
    fitted = ConceptModel(
        tuple(float(w) for w in regression.coef_[0]),
        float(regression.intercept_[0]),
        threshold,
    )
    hx, hy, hgold = rows(tagger, args.data, {"NOT-USED"})
    report = {
        "train": f1_at(fitted, x, y, gold),
        "held_out": f1_at(fitted, hx, hy, hgold),
        "train_rows": len(y),
    }
    model = {
        "weights": {n: round(w, 4) for n, w in zip(FEATURES, fitted.weights, strict=True)},
        "bias": round(fitted.bias, 4),
        "threshold": threshold,
        "fitted_on": "Reuters-21578 LEWISSPLIT=TRAIN topics mapped to IPTC (fit_concepts.py)",
        "check": report,
    }
    OUT.write_text(json.dumps(model, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(json.dumps(model, indent=1))
    print(f"fitted in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
