"""Search gives the same answers on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest

CORPUS = [
    ("en", "Corridor talks resume", "Armenian and Azerbaijani envoys met on the corridor."),
    ("en", "Markets rally", "Stocks rose as corridor talks resume between the two envoys."),
    ("en", "Harvest season", "Farmers expect a good harvest this autumn."),
    ("fr", "Le corridor rouvert", "Les envoyés ont rouvert le corridor vers le sud."),
]


def fill(store: Store) -> dict[str, int]:
    ids = {}
    for n, (language, title, text) in enumerate(CORPUS):
        content = ExtractedArticle(
            url=f"https://news.example/{n}",
            title=title,
            text=text,
            published=datetime(2025, 7, 1, tzinfo=UTC) + timedelta(hours=n),
        )
        enrichment = replace(Enrichment(), language=language)
        ids[title] = store.articles.save(Article(content, enrichment), None)[0]
    return ids


def titles(store: Store, text: str, **filters: object) -> list[str]:
    results = Searcher(store.engine).search(SearchRequest(text, **filters))
    return sorted(hit.article.title for hit in results.hits)


def test_words_phrases_and_filters_match_alike(store: Store) -> None:
    fill(store)
    assert titles(store, "corridor") == [
        "Corridor talks resume", "Le corridor rouvert", "Markets rally",
    ]  # fmt: skip
    assert titles(store, "corridor envoys") == ["Corridor talks resume", "Markets rally"]
    assert titles(store, '"talks resume" stocks') == ["Markets rally"]
    assert titles(store, "corridor", language="fr") == ["Le corridor rouvert"]
    assert titles(store, "volcano") == []


def test_snippets_mark_the_matched_words(store: Store) -> None:
    fill(store)
    [hit] = Searcher(store.engine).search(SearchRequest("harvest")).hits
    assert "<mark>harvest</mark>" in hit.snippet_html.lower()
