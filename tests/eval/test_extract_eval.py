from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.eval.extract import (
    aeb_scores,
    date_scores,
    run,
    shingle_counts,
    snippet_counts,
    snippet_scores,
    title_scores,
)


def test_identical_text_scores_perfectly() -> None:
    counts = shingle_counts("one two three four five", "one two three four five")
    assert counts == (1.0, 0.0, 0.0)
    assert aeb_scores([counts]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_extra_text_costs_precision_missing_text_costs_recall() -> None:
    truth = "a b c d e f g h"
    extra = shingle_counts(truth, truth + " menu login subscribe now")
    short = shingle_counts(truth, "a b c d e")
    assert aeb_scores([extra])["precision"] < 1.0 == aeb_scores([extra])["recall"]
    assert aeb_scores([short])["recall"] < 1.0 == aeb_scores([short])["precision"]


def test_empty_prediction_counts_only_for_recall() -> None:
    scores = aeb_scores([shingle_counts("a b c d", ""), shingle_counts("a b c d", "a b c d")])
    assert scores["recall"] == 0.5
    assert scores["precision"] == 1.0


def test_snippets_pool_over_pages() -> None:
    record = {"with": ["main  text", "missing"], "without": ["Cookie banner"]}
    counts = snippet_counts(record, "The main text.\nCookie banner")
    assert counts == (1, 1, 1)
    assert snippet_scores([counts, (1, 0, 0)]) == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    )


@pytest.mark.parametrize("folder", ["article_extraction_aeb", "article_extraction_trafilatura"])
def test_run_reports_every_system(shared_data: Path, folder: str) -> None:
    results = run(shared_data / folder, limit=4)
    assert {"tidings", "trafilatura", "readability"} <= set(results)
    for system in ("tidings", "trafilatura", "readability"):
        assert 0.0 <= results[system]["f1"] <= 1.0
        assert results[system]["articles_per_s"] > 0
    assert results["tidings"]["f1"] > 0.5
    if folder == "article_extraction_trafilatura":
        assert {"date_found_rate", "title_accuracy"} <= set(results["tidings"])
        assert "date_accuracy" in results["htmldate"]


def test_date_scores_accept_the_local_day_of_a_utc_instant() -> None:
    evening_in_new_york = datetime(2023, 11, 9, 3, 5, tzinfo=UTC)  # 22:05 on the 8th, UTC-5
    scores = date_scores([(evening_in_new_york, "2023-11-08"), (None, "2020-01-01"), (None, "")])
    assert scores == {"date_found_rate": 0.5, "date_accuracy": 0.0, "date_accuracy_local": 0.5}


def test_title_scores_ignore_unannotated_records() -> None:
    pairs = [("A  title", "A title"), ("Other", "Right"), ("Any", "")]
    assert title_scores(pairs) == {"title_accuracy": 0.5}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--data", "/nonexistent/extraction"], "does not exist"),
        (["--data", "{empty}"], "ground_truth.jsonl"),
        (["--data", "{empty}", "--format", "bogus"], "'bogus' is not one of"),
    ],
)
def test_bad_data_or_format_is_a_usage_error(tmp_path: Path, args: list[str], words: str) -> None:
    args = [arg.format(empty=tmp_path) for arg in args]
    result = CliRunner().invoke(app, ["eval", "extract", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert words in result.output
