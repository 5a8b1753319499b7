"""Term vectors: what an article's words weigh in story grouping."""

from __future__ import annotations

import math

import pytest

from tidings.enrich.textvec import LATER_WEIGHT, LEAD_CHARS, term_vector

FILLER = "and the of it was " * 400  # stopwords: long text, no terms of its own


def test_words_after_the_lead_count_less_than_words_of_the_lead():
    """Inverted pyramid: the event is in the first paragraphs, background after them."""
    body = "zorvak " * 3 + FILLER + " quellin" * 3
    assert body.index("quellin") > LEAD_CHARS
    vector = term_vector("", body)
    assert set(vector) == {"zorvak", "quellin"}  # both unknown to the IDF table: same IDF
    assert vector["quellin"] < vector["zorvak"]


def test_a_mention_after_the_lead_weighs_what_its_weighted_count_gives():
    body = "zorvak " + FILLER + " quellin"
    vector = term_vector("", body)

    assert vector["quellin"] / vector["zorvak"] == pytest.approx(1 + math.log(LATER_WEIGHT))


def test_a_short_article_is_all_lead():
    body = "zorvak " * 3 + "and the of " * 20 + " quellin" * 3
    assert len(body) < LEAD_CHARS
    vector = term_vector("", body)
    assert vector["quellin"] == pytest.approx(vector["zorvak"])


def test_the_lead_ends_between_words():
    """A word across the ``LEAD_CHARS`` mark belongs to the lead, whole."""
    body = "x" * (LEAD_CHARS - 3) + " zorvakian and the of quellin"
    vector = term_vector("", body)
    assert "zorvakian" in vector
    assert vector["quellin"] < vector["zorvakian"]
