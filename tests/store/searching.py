"""Small corpora for the search tests: articles by slug, found by slug."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest

Corpus = Mapping[str, tuple[str, str, str]]  # slug: language, title, text


def save_corpus(store: Store, corpus: Corpus) -> Searcher:
    """Each article at https://news.example/{slug}, an hour after the one before."""
    for n, (slug, (language, title, text)) in enumerate(corpus.items()):
        content = ExtractedArticle(
            url=f"https://news.example/{slug}",
            title=title,
            text=text,
            published=datetime(2025, 7, 1, tzinfo=UTC) + timedelta(hours=n),
        )
        store.articles.save(Article(content, replace(Enrichment(), language=language)), None)
    return Searcher(store.engine)


def found(searcher: Searcher, text: str, **filters: object) -> list[str]:
    """The slugs of the articles a search finds, sorted."""
    hits = searcher.search(SearchRequest(text, **filters)).hits
    return sorted(hit.article.url.rsplit("/", 1)[1] for hit in hits)
