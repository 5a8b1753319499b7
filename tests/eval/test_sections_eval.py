"""The sections eval on a small slice of the shared BBC data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.support import without_encoder_extra
from tidings.eval import sections


def _slice(shared_data: Path, tmp_path: Path, per_label: int) -> Path:
    kept: dict[str, int] = {}
    out = tmp_path / "bbc_slice.jsonl"
    with (
        gzip.open(shared_data / "news_category_bbc" / "articles.jsonl.gz", "rt") as lines,
        out.open("w") as sink,
    ):
        for line in lines:
            label = json.loads(line)["label"]
            if kept.get(label, 0) < per_label:
                kept[label] = kept.get(label, 0) + 1
                sink.write(line)
        sink.write("not json\n")
    return out


def test_same_file_is_split_and_both_systems_are_scored(shared_data: Path, tmp_path: Path) -> None:
    data = _slice(shared_data, tmp_path, per_label=30)
    results = sections.run(data, data)
    assert set(results) == {"tidings", "tfidf_logreg"}
    for metrics in results.values():
        assert set(metrics) == {"accuracy", "macro_f1"}
    assert results["tidings"]["accuracy"] >= 0.8


def test_json_output_is_one_object(shared_data: Path, tmp_path: Path) -> None:
    data = _slice(shared_data, tmp_path, per_label=30)
    app = typer.Typer()
    app.command()(sections.command)
    result = CliRunner().invoke(app, ["--train", str(data), "--test", str(data), "--json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == {"tidings", "tfidf_logreg"}


def test_a_file_without_labels_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\xff\xfe not json\n{}\n")
    app = typer.Typer()
    app.command()(sections.command)
    result = CliRunner().invoke(app, ["--train", str(junk), "--test", str(junk), "--json"])
    assert result.exit_code == 2  # a usage error with a message, not a traceback
    assert isinstance(result.exception, SystemExit)
    assert "Error" in result.output


def test_the_encoder_without_torch_is_a_usage_error_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_encoder_extra(monkeypatch)
    data = tmp_path / "items.jsonl"
    data.write_text('{"title": "x", "label": "sport"}\n', encoding="utf-8")
    app = typer.Typer()
    app.command()(sections.command)
    result = CliRunner().invoke(app, ["--train", str(data), "--test", str(data), "--encoder"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "pip install -e '.[encoder]'" in result.output


def test_the_folds_test_every_record_once_and_keep_duplicates_on_one_side() -> None:
    records = [
        {"title": f"Story {i % 40}", "text": f"Body  {i % 40}", "label": "ab"[i % 2]}
        for i in range(200)
    ]  # 40 distinct articles, five copies of each (two spellings of the whitespace)
    records += [{"title": "STORY 0", "text": "body 0", "label": "a"}]
    rounds = sections.folds(records, seed=3)
    assert len(rounds) == sections.FOLDS
    assert sorted(id(r) for _, test in rounds for r in test) == sorted(map(id, records))
    for train, test in rounds:
        assert len(train) + len(test) == len(records)
        keys = {
            side: {(r["title"].lower(), " ".join(r["text"].lower().split())) for r in rs}
            for side, rs in (("train", train), ("test", test))
        }
        assert not keys["train"] & keys["test"]
        assert {r["label"] for r in test} == {"a", "b"}


def test_a_label_with_one_article_cannot_be_cross_validated() -> None:
    records = [{"title": f"T{i}", "text": "x", "label": "a"} for i in range(10)]
    records.append({"title": "Lone", "text": "y", "label": "b"})
    with pytest.raises(ValueError, match="two distinct articles"):
        sections.folds(records, seed=1)


def test_with_the_encoder_the_blend_and_both_models_are_scored(
    shared_data: Path, tmp_path: Path
) -> None:
    pytest.importorskip("torch", reason="the section encoder needs the encoder extra")
    train = _slice(shared_data, tmp_path, per_label=8).rename(tmp_path / "train.jsonl")
    test = _slice(shared_data, tmp_path, per_label=12)  # its first 8 per label were trained on
    results = sections.run(train, test, encoder=True)
    assert set(results) == {"tidings", "tidings_linear", "tidings_encoder", "tfidf_logreg"}
    assert all(0.0 <= m["accuracy"] <= 1.0 for m in results.values())
