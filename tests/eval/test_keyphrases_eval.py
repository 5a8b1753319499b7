"""``tidings eval keyphrases``: matching rules and a real run beside YAKE."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from tidings.eval import keyphrases


def test_gold_may_be_a_list_or_its_string_repr() -> None:
    assert keyphrases.gold_phrases({"keyphrases": ["a b", "c"]}) == ["a b", "c"]
    assert keyphrases.gold_phrases({"keyphrases": "['a b', 'c']"}) == ["a b", "c"]
    assert keyphrases.gold_phrases({}) == []


def test_phrases_match_after_lower_casing_and_stemming() -> None:
    assert keyphrases.normalise("Border Disputes", "en") == keyphrases.normalise(
        "border dispute", "en"
    )


def test_f1_at_k() -> None:
    gold = {"a", "b"}
    assert keyphrases.f1_at(["a", "x"], gold, 5) == 0.5
    assert keyphrases.f1_at(["x"], gold, 5) == 0.0
    assert keyphrases.f1_at(["a", "b", "c"], gold, 2) == 1.0


def test_tidings_beats_yake_on_news(shared_data) -> None:
    data = shared_data / "keyphrases_wikinews_fr/documents.jsonl.gz"
    results = keyphrases.run(data, with_keybert=False, limit=25)
    assert results["tidings"]["f1@10"] > results["yake"]["f1@10"]


def test_json_output_is_one_object(tmp_path) -> None:
    record = {
        "lang": "en",
        "title": "Zangezur corridor talks",
        "text": "Armenia and Azerbaijan discussed the Zangezur corridor. The Zangezur corridor "
        "would link Azerbaijan to Nakhchivan.",
        "keyphrases": "['Zangezur corridor', 'Armenia']",
    }
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(record) + "\n")
    app = typer.Typer()
    app.command()(keyphrases.command)
    result = CliRunner().invoke(app, ["--data", str(path), "--json", "--no-keybert"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"tidings", "yake"}
    assert scores["tidings"]["f1@5"] > 0


def test_data_without_gold_keyphrases_is_an_error_not_a_score(tmp_path) -> None:
    data = tmp_path / "nogold.jsonl"
    data.write_text('{"title": "Budget", "text": "The council met."}\n', encoding="utf-8")
    app = typer.Typer()
    app.command()(keyphrases.command)
    result = CliRunner().invoke(app, ["--data", str(data), "--no-keybert"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "has gold keyphrases" in result.output
