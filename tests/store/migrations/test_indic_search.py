"""Migration indic_search: articles stored before it are found by their whole words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.store.migrations.revisions import move_to
from tests.store.migrations.test_cjk_search import full_text_hits
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest

BEFORE = "undated_order"
ROWS = {  # url: language, title, text
    "https://news.example/kathmandu": ("ne", "नेपाल र भारत", "प्रधानमन्त्री कार्यालयमा छलफल भयो।"),
    "https://news.example/nepali": ("ne", "नेपाली भाषा", "नेपाली लेखकहरूको कार्यक्रम।"),
    "https://news.example/london": ("en", "London weather", "Rain in London again."),
}


def found(store: Store, query: str) -> list[str]:
    hits = Searcher(store.engine).search(SearchRequest(query)).hits
    return sorted(hit.article.url for hit in hits)


def test_articles_stored_before_the_upgrade_are_found_by_their_whole_words(store: Store) -> None:
    move_to(store.engine, BEFORE)
    for url, (language, title, text) in ROWS.items():
        content = ExtractedArticle(
            url=url, title=title, text=text, published=datetime(2025, 7, 1, tzinfo=UTC)
        )
        store.articles.save(Article(content, replace(Enrichment(), language=language)), None)
    move_to(store.engine, "head")
    assert found(store, "नेपाल") == ["https://news.example/kathmandu"]
    assert found(store, "प्रधानमन्त्री") == ["https://news.example/kathmandu"]
    assert found(store, "weather") == ["https://news.example/london"]

    # And back: SQLite's old index cuts at the marks again. Asked directly: today's
    # Searcher reads today's rows, which a later revision may have changed.
    move_to(store.engine, BEFORE)
    if store.engine.dialect.name == "sqlite":
        assert full_text_hits(store.engine, "नेपाल") == [  # न, प, ल are in "नेपाली" too
            "https://news.example/kathmandu",
            "https://news.example/nepali",
        ]
    assert full_text_hits(store.engine, "london") == ["https://news.example/london"]
    move_to(store.engine, "head")
    assert found(store, "नेपाली") == ["https://news.example/nepali"]
