"""The Enricher end to end: the seed articles and input that must not break it."""

from __future__ import annotations

import json
import logging

import pytest

from tidings.enrich import Enricher
from tidings.models import ExtractedArticle, TagKind


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher.load()


def _seed(shared_data) -> dict[str, ExtractedArticle]:
    articles = {}
    for line in (shared_data / "seed" / "articles.jsonl").read_text().splitlines():
        record = json.loads(line)
        record.pop("tags")  # the tagger must earn them
        articles[record["source"]] = ExtractedArticle(
            url=f"https://example.org/{record['id']}",
            title=record["title"],
            text=record["text"],
            section=record["section"],  # the publisher's label, as a feed would carry it
        )
    return articles


def test_seed_articles_get_the_editors_tags(enricher, shared_data):
    expected = {
        "Al Jazeera": {"diplomaticConflict", "Azerbaijan", "Russia"},
        "Al Arabiya": {"diplomaticConflict", "Cambodia", "Thailand"},
    }
    for source, article in _seed(shared_data).items():
        enrichment = enricher.enrich(article)
        slugs = {tag.slug for tag in enrichment.tags}
        assert expected[source] <= slugs, (source, slugs)
        assert enrichment.section == "politics"
        assert enrichment.language == "en"
        assert 3 <= len(enrichment.tags) <= 10


def test_every_tag_has_short_evidence_and_a_score(enricher, shared_data):
    for article in _seed(shared_data).values():
        for tag in enricher.enrich(article).tags:
            assert 0 < len(tag.evidence) < 300
            assert 0.0 <= tag.score <= 1.0
            assert tag.evidence.split("…")[-1][:20] in article.title + " " + article.text


def test_place_tags_come_from_demonyms_and_capitals(enricher):
    article = ExtractedArticle(
        url="https://example.org/a",
        title="Talks stall",
        text="Azerbaijani officials met in Baku. The Kremlin declined to comment on the talks.",
    )
    places = {t.slug for t in enricher.enrich(article).tags if t.kind is TagKind.PLACE}
    assert {"Azerbaijan", "Russia"} <= places


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 5_000_000,
        "<div><p>hello</p><span>world</span></div>" * 2000,
        "Привет мир, это тестовый текст. " * 50,
        "日本語のテキストです。" * 100,
        "\x00\ufffd\u202e" * 1000,
    ],
)
def test_bad_input_gives_a_sensible_result_and_a_note(enricher, text, caplog):
    """The notes are INFO: an archive of a few thousand pages made hundreds of them,
    one per article, where an operator reads warnings."""
    with caplog.at_level(logging.INFO, logger="tidings.enrich.engine"):
        enrichment = enricher.enrich(
            ExtractedArticle(url="https://example.org/b", title="", text=text)
        )
    assert len(enrichment.tags) <= 10
    assert all(len(t.slug) <= 40 for t in enrichment.tags)
    assert caplog.records or enrichment.language is not None
