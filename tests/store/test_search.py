"""Full-text search in the store: safe queries, ranking, snippets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest, highlight
from tidings.store.search_terms import MAX_TERMS, query_terms


def test_query_terms_keep_words_and_balanced_phrases() -> None:
    assert query_terms('Baku "peace talks" AND NOT x*') == [
        "peace talks",
        "baku",
        "and",
        "not",
        "x",
    ]
    assert query_terms('unbalanced "quote here') == ["unbalanced", "quote", "here"]
    assert query_terms('"" ^ () : -') == []
    assert len(query_terms("word " * 5000)) == 1
    assert len(query_terms(" ".join(f"w{i}" for i in range(100)))) == MAX_TERMS


@given(st.text(max_size=300))
def test_query_terms_never_carry_quotes_or_operators(raw: str) -> None:
    for term in query_terms(raw):
        assert '"' not in term and "*" not in term and term.strip() == term and term


def test_highlight_escapes_everything_but_the_marks() -> None:
    assert highlight("a <b> \x02Baku\x03 & c") == "a &lt;b&gt; <mark>Baku</mark> &amp; c"
    assert highlight("stray \x03 close") == "stray  close"


@pytest.fixture
def searcher(store: Store) -> Searcher:
    """Three articles on SQLite FTS5 and on PostgreSQL tsvector alike."""
    now = datetime.now(UTC)
    texts = {
        "old-exact": ("Central bank raises rates", "The central bank raised rates again.", 60),
        "new-exact": ("Central bank raises rates", "The central bank raised rates today.", 1),
        "new-vague": ("Markets today", "Shares moved; a bank was mentioned once.", 1),
    }
    for slug, (title, text, days) in texts.items():
        content = ExtractedArticle(
            url=f"https://example.org/{slug}",
            title=title,
            text=text,
            published=now - timedelta(days=days),
        )
        store.articles.save(Article(content, Enrichment(language="en")), None)
    return Searcher(store.engine)


def test_relevance_and_recency_both_count(searcher: Searcher) -> None:
    results = searcher.search(SearchRequest(text="central bank rates"))
    assert [hit.article.url.rsplit("/", 1)[1] for hit in results.hits] == ["new-exact", "old-exact"]
    broad = searcher.search(SearchRequest(text="bank"))
    assert broad.hits[0].article.url.endswith("new-exact") and broad.matches == 3
    assert "<mark>bank</mark>" in broad.hits[0].snippet_html


def test_no_match_and_no_words_are_messages(searcher: Searcher) -> None:
    assert searcher.search(SearchRequest(text="zeppelin")).message
    assert searcher.search(SearchRequest(text='"*"')).message
    assert searcher.search(SearchRequest(text="bank", page=99)).hits == []
