"""The export stream (SQLite and PostgreSQL): every article once, in bounds, with its copies."""

from __future__ import annotations

from datetime import timedelta

from tests.store.test_reading import START, tagged
from tidings.store import Store
from tidings.store.export import exported_articles
from tidings.store.reading import ListFilter


def test_the_stream_pages_through_every_article_once_oldest_first(store: Store) -> None:
    for n in (3, 1, 2, 7, 5, 4, 6):  # arrival order is not list order
        store.articles.save(tagged(n, n, ("energy",) if n % 2 else ()), None)
    found = [e.article.title for e in exported_articles(store.engine, batch=3)]
    assert found == [f"Headline {n}" for n in range(1, 8)]
    tagged_only = exported_articles(store.engine, ListFilter(tags=("energy",)), batch=2)
    assert [e.article.title for e in tagged_only] == [
        "Headline 1",
        "Headline 3",
        "Headline 5",
        "Headline 7",
    ]


def test_since_is_inclusive_and_until_exclusive(store: Store) -> None:
    for n in range(1, 6):
        store.articles.save(tagged(n, n, ()), None)
    window = exported_articles(
        store.engine, since=START + timedelta(hours=2), until=START + timedelta(hours=4), batch=1
    )
    assert [e.article.title for e in window] == ["Headline 2", "Headline 3"]


def test_an_article_comes_with_the_copies_folded_into_it(store: Store) -> None:
    first, _ = store.articles.save(tagged(1, 1, ()), None)
    store.articles.save(tagged(2, 2, ()), None)
    store.stories.fold(first, "https://wire.example/a", None)
    copies = {e.article.title: [c.url for c in e.copies] for e in exported_articles(store.engine)}
    assert copies == {"Headline 1": ["https://wire.example/a"], "Headline 2": []}
