"""Search gives the same answers on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest, SearchResults, Unanswered
from tidings.store.stopwords import LISTS, stop_words

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


def save(store: Store, n: int, language: str | None, title: str, text: str) -> None:
    content = ExtractedArticle(
        url=f"https://other.example/{n}",
        title=title,
        text=text,
        published=datetime(2025, 7, 2, tzinfo=UTC) + timedelta(hours=n),
    )
    store.articles.save(Article(content, replace(Enrichment(), language=language)), None)


def search(store: Store, text: str, **filters: object) -> SearchResults:
    return Searcher(store.engine).search(SearchRequest(text, **filters))


def test_a_query_of_only_very_common_words_says_so_on_both_databases(store: Store) -> None:
    """SQLite (no stop words) matched "the of and" in every English article, PostgreSQL
    (stop words dropped) in none and said "no article matches": both now say why."""
    save(store, 1, "en", "The state of the union", "The president spoke of jobs and prices.")
    save(store, 2, "en", "Harvest", "The yield of wheat and barley rose.")
    results = search(store, "the of and")
    assert results.hits == []
    assert results.message == (
        "Your search only has very common words (“the”, “of”, “and”): add a more specific word."
    )
    assert results.reason is Unanswered.COMMON_WORDS
    assert search(store, '"of the"').reason is Unanswered.COMMON_WORDS  # a phrase of them too


def test_articles_are_not_matched_by_their_own_languages_stop_words(store: Store) -> None:
    """The same articles on both databases: "war" is a German stop word ("was"), a
    word in English; "the" is nothing in English articles but a word elsewhere."""
    fill(store)
    save(store, 1, "en", "War in the north", "Fighting resumed along the border.")
    save(store, 2, "de", "Der Sommer", "Es war ein heißer Sommer im Süden.")
    save(store, 3, None, "Untagged", "A note of the editors and the readers.")
    assert titles(store, "war") == ["War in the north"]
    assert titles(store, "the harvest") == ["Harvest season"]  # its text has no "the"
    assert titles(store, "the of and") == ["Untagged"]  # no language: no stop words
    assert search(store, "the of and", language="en").reason is Unanswered.COMMON_WORDS
    nothing = search(store, "the or not")  # English stop words; no other article has them
    assert nothing.reason is Unanswered.NO_MATCH
    assert nothing.message == (
        "No article matches all of these words. “the”, “or”, “not” are too common"
        " to be searched in English articles."
    )


@pytest.mark.postgres
def test_the_stop_words_are_the_ones_postgresql_drops(postgres_url: str) -> None:
    """SQLite leaves out exactly what PostgreSQL's configurations do: every listed
    word of every language parses to nothing on the server."""
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            for name in sorted(set(LISTS.values())):
                words = sorted(stop_words(next(c for c, n in LISTS.items() if n == name)))
                kept = connection.execute(
                    sa.text(
                        "SELECT w FROM unnest(CAST(:words AS text[])) AS w"
                        " WHERE to_tsvector(CAST(:config AS regconfig), w) <> ''::tsvector"
                    ),
                    {"words": words, "config": name},
                ).scalars()
                assert list(kept) == [], name
    finally:
        engine.dispose()
