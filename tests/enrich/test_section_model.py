"""The linear text model: training, scoring, saving and loading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tidings.enrich.section_model import LinearTextModel, model_input, word_grams

DOCS = {
    "sport": [
        "The striker scored twice as the club won the league match",
        "The goalkeeper saved a penalty in the cup final match",
        "The coach praised the team after the league win",
    ],
    "business": [
        "Shares in the bank rose after profits beat forecasts",
        "The company reported higher profits and sales this quarter",
        "Investors sold shares as the bank cut its profit forecast",
    ],
    "weather": [
        "Heavy rain and strong winds are forecast for the weekend",
        "Forecasters expect snow and frost as temperatures fall",
        "Strong winds and rain will clear by the weekend, forecasters say",
    ],
}


@pytest.fixture(scope="module")
def model() -> LinearTextModel:
    documents = [d for docs in DOCS.values() for d in docs]
    labels = [label for label, docs in DOCS.items() for _ in docs]
    return LinearTextModel.fit(documents, labels, seed=7)


def test_word_grams_are_lower_case_words_and_pairs() -> None:
    assert word_grams("Shares ROSE 5% in U.S. trade") == [
        "shares",
        "rose",
        "in",
        "trade",
        "shares rose",
        "rose in",
        "in trade",
    ]


def test_model_input_weights_the_headline_and_cuts_the_text() -> None:
    document = model_input("Headline", "x" * 1_000_000)
    assert document.count("Headline") == 2
    assert len(document) < 10_000


def test_it_separates_the_training_topics(model: LinearTextModel) -> None:
    assert model.predict(
        ["The club won the cup match", "Profits at the bank rose", "Snow and wind forecast"]
    ) == ["sport", "business", "weather"]


def test_probabilities_sum_to_one_even_for_unknown_words(model: LinearTextModel) -> None:
    for document in ["", "zzz qqq", "The striker scored"]:
        probabilities = model.probabilities(document)
        assert probabilities.shape == (3,)
        assert probabilities.sum() == pytest.approx(1.0)


def test_save_and_load_keep_the_scores(model: LinearTextModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = LinearTextModel.load(path)
    assert loaded.classes == model.classes
    document = "Rain and wind as the striker scored"
    np.testing.assert_allclose(
        loaded.probabilities(document), model.probabilities(document), atol=2e-3
    )


def test_two_classes_work(tmp_path: Path) -> None:
    two = LinearTextModel.fit(DOCS["sport"] + DOCS["business"], ["s"] * 3 + ["b"] * 3)
    assert two.predict(["the league match", "bank profits"]) == ["s", "b"]
