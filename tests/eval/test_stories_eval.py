"""``tidings eval stories``: scores on the shared ECB+ split and the JSON contract."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.eval.jsonl import read_jsonl
from tidings.eval.stories import (
    arrival_order,
    arrival_orders,
    bcubed,
    bcubed_items,
    headline_and_body,
    per_topic,
    run,
)


@pytest.fixture(scope="module")
def ecb(shared_data: Path) -> Path:
    return shared_data / "story_clusters_ecbplus/documents.jsonl.gz"


def test_bcubed_matches_hand_computed_values():
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, [1, 1, 2, 2])["b3_f1"] == 1.0
    merged = bcubed(gold, [1, 1, 1, 1])
    assert merged["b3_precision"] == 0.5
    assert merged["b3_recall"] == 1.0
    assert merged["stories"] == 1.0
    assert bcubed([], [])["b3_f1"] == 0.0


def test_bcubed_is_the_mean_of_each_articles_precision_and_recall():
    gold = ["a", "a", "a", "b"]
    predicted = [1, 1, 2, 2]
    items = bcubed_items(gold, predicted)
    assert items == [(1.0, 2 / 3), (1.0, 2 / 3), (0.5, 1 / 3), (0.5, 1.0)]
    scores = bcubed(gold, predicted)
    assert scores["b3_precision"] == 0.75
    assert scores["b3_recall"] == round(2 / 3, 4)


def test_a_story_mixing_two_topics_counts_against_both_topics():
    """Each topic's events are kept apart, but one story mixes an event of topic 1 with
    one of topic 2: scored on their own articles only, both topics would look perfect."""
    records = [{"topic": t} for t in (1, 1, 1, 1, 2, 2, 2, 2)]
    gold = ["1a", "1a", "1b", "1b", "2a", "2a", "2b", "2b"]
    mixed = ["x", "x", "y", "y", "x", "x", "z", "z"]
    exact = [0, 0, 1, 1, 2, 2, 3, 3]
    assert per_topic(records, gold, mixed, exact) == {
        "topics_better": 0.0,
        "topics_tied": 0.0,
        "topics_worse": 2.0,
    }
    assert per_topic(records, gold, [str(i) for i in exact], exact)["topics_tied"] == 2.0


def test_arrival_order_is_by_date_with_undated_records_kept_in_place():
    records = [
        {"id": 1, "published": "2026-01-02T00:00:00+00:00"},
        {"id": 2},
        {"id": 3, "published": "2026-01-01T00:00:00+00:00"},
        {"id": 4, "published": "not a date"},
    ]
    assert [r["id"] for r in arrival_order(records)] == [3, 4, 1, 2]


def test_arrival_orders_are_the_file_order_then_the_evals_shuffles(ecb):
    """The scripts that score many orders must score the ones ``--shuffle N`` runs."""
    records = list(read_jsonl(ecb))[:30]
    orders = arrival_orders(records, 2)
    assert len(orders) == 3
    assert orders[0].records == records
    for seed, order in enumerate(orders[1:], 1):
        shuffled = list(records)
        random.Random(seed).shuffle(shuffled)
        assert order.records == shuffled
        assert order.gold == [str(r["cluster_id"]) for r in shuffled]
        assert order.topics == [str(r["topic"]) for r in shuffled]
        assert [s.title for s in order.arrivals] == [
            " ".join(headline_and_body(r)[0].split()) for r in shuffled
        ]


def test_headline_is_the_first_line_when_there_is_no_title():
    title, body = headline_and_body({"first_sentence": "Head", "text": "Head\nBody one."})
    assert (title, body) == ("Head", "Body one.")


def test_tidings_groups_the_dev_topics_at_least_as_well_as_the_baseline(ecb):
    results = run(ecb, split="dev", use_tags=False)
    ours, baseline = results["tidings"], results["baseline"]
    assert ours["b3_f1"] >= 0.8
    assert ours["b3_f1"] >= baseline["b3_f1"] - 0.01


def test_json_output_is_one_object_per_system(ecb, tmp_path):
    sample = tmp_path / "sample.jsonl"
    with gzip.open(ecb, "rt") as src:
        sample.write_text("".join(next(src) for _ in range(60)) + "not json\n")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tidings.eval.stories",
            "--data",
            str(sample),
            "--json",
            "--no-tags",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    results = json.loads(out.stdout)  # exactly one JSON object on stdout
    assert set(results) == {"tidings", "baseline"}
    assert {"b3_precision", "b3_recall", "b3_f1", "stories"} <= set(results["baseline"])


@pytest.mark.parametrize("split", [None, "nosuch"])
def test_data_without_gold_stories_is_a_usage_error(ecb, tmp_path: Path, split) -> None:
    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text(json.dumps({"id": "a", "text": "A dam broke."}) + "\n")
    data = ecb if split else unlabelled
    args = ["eval", "stories", "--data", str(data), *(["--split", split] if split else [])]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "has a cluster_id" in result.output
