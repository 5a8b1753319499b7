"""``tidings eval places``: code mapping, scoring and a real run on Reuters stories."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from tidings.enrich.tags.gazetteer import countries
from tidings.eval import places


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        ("usa", "UnitedStates"),
        ("uk", "UnitedKingdom"),
        ("west-germany", "Germany"),
        ("ussr", "Russia"),
        ("south-korea", "SouthKorea"),
        ("hong-kong", "HongKong"),
        ("ivory-coast", "IvoryCoast"),
        ("japan", "Japan"),
    ],
)
def test_reuters_codes_map_to_country_tags(code: str, tag: str) -> None:
    assert places.reuters_tag(code) == tag


def test_every_common_reuters_code_maps_to_a_known_country(shared_data) -> None:
    vocabulary = (
        shared_data / "news_topics_reuters21578/vocab/all-places-strings.lc.txt"
    ).read_text()
    known = {slug for slug, _ in countries().values()}
    unmapped = [c for c in vocabulary.split() if places.reuters_tag(c) not in known]
    assert len(unmapped) < 15, unmapped  # only tiny territories may be missing


def test_tidings_beats_name_matching_on_reuters(shared_data) -> None:
    data = shared_data / "news_topics_reuters21578/articles.jsonl.gz"
    results = places.run(data, limit=150)
    assert results["tidings"]["f1"] >= 0.8
    assert results["tidings"]["f1"] > results["pycountry_names"]["f1"]


def test_json_output_is_one_object(tmp_path) -> None:
    story = {
        "title": "TOKYO STOCKS",
        "dateline": "TOKYO, March 3 -",
        "text": "Shares rose.",
        "places": ["japan"],
    }
    path = tmp_path / "stories.jsonl"
    path.write_text(
        json.dumps(story) + "\n" + json.dumps({"title": "x", "places": []}) + "\nnot json\n"
    )
    app_result = CliRunner().invoke(_app(), ["--data", str(path), "--json"])
    assert app_result.exit_code == 0, app_result.output
    result = json.loads(app_result.stdout)
    assert result["tidings"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert set(result) == {"tidings", "pycountry_names"}


def _app():
    import typer

    app = typer.Typer()
    app.command()(places.command)
    return app


def test_data_without_gold_places_is_an_error_not_a_score(tmp_path) -> None:
    data = tmp_path / "nogold.jsonl"
    data.write_text('{"title": "Budget", "text": "The council met."}\n', encoding="utf-8")
    app = typer.Typer()
    app.command()(places.command)
    result = CliRunner().invoke(app, ["--data", str(data)], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "has gold places" in result.output
