"""Where lists place undated articles (SQLite and PostgreSQL): an archive's undated
pages never lead the lists, and paging across them shows every article once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.models import Archived, Article, Enrichment, ExtractedArticle, TagAssignment, TagKind
from tidings.store import Store
from tidings.store.reading import ListFilter
from tidings.store.search import Searcher, SearchRequest
from tidings.store.sources import now_utc

CAPTURED = datetime(2019, 3, 4, 12, tzinfo=UTC)


def article(
    name: str,
    *,
    published: datetime | None = None,
    archived: Archived | None = None,
    text: str | None = None,
) -> Article:
    content = ExtractedArticle(
        url=f"https://news.example/{name}",
        title=name,
        text=text or f"The {name} report, in words of its own: {name}.",
        published=published,
        archived=archived,
    )
    tags = [TagAssignment("energy", "Energy", TagKind.CONCEPT, 0.5, "evidence")]
    return Article(content, Enrichment(language="en", section="politics", tags=tags))


def fill(store: Store) -> list[str]:
    """Dated live news, an undated live entry, then an archive of undated pages;
    returns the titles in the order every list must show them."""
    source, _ = store.sources.add("https://news.example/feed.xml")
    now = now_utc()
    for hours in (3, 2, 1):
        store.articles.save(
            article(f"dated-{hours}h", published=now - timedelta(hours=hours)), source.id
        )
    store.articles.save(article("live-undated"), source.id)
    store.articles.save(article("archive-captured", archived=Archived(CAPTURED)), source.id)
    for n in range(3):
        store.articles.save(article(f"archive-undated-{n}", archived=Archived()), source.id)
    store.articles.save(
        article("archive-dated", published=datetime(2018, 1, 1, tzinfo=UTC), archived=Archived()),
        source.id,
    )
    return [
        "live-undated",  # first seen now, as a live feed's new entry always was
        "dated-1h",
        "dated-2h",
        "dated-3h",
        "archive-captured",  # 2019: the archive's own date for the page
        "archive-dated",  # 2018: its own publication date
        "archive-undated-2",  # no date at all: last, the latest arrival first
        "archive-undated-1",
        "archive-undated-0",
    ]


LISTS = {
    "home": {},
    "tag": {"tag": "energy"},  # the per-tag time index (article_tags.listed_at)
    "section": {"section": "politics"},
    "source": {"source_id": 1},
    "edition": {"where": ListFilter(language="en")},
}


@pytest.mark.parametrize("narrowed", LISTS.values(), ids=LISTS.keys())
def test_undated_archive_pages_list_after_the_dated_news(store: Store, narrowed: dict) -> None:
    expected = fill(store)
    assert [a.title for a in store.reader.latest(**narrowed).articles] == expected


@pytest.mark.parametrize("narrowed", LISTS.values(), ids=LISTS.keys())
@pytest.mark.parametrize("limit", [1, 2, 4])
def test_pages_across_the_undated_show_every_article_once(
    store: Store, narrowed: dict, limit: int
) -> None:
    expected = fill(store)
    seen: list[str] = []
    cursor = None
    for _ in range(len(expected) + 1):
        page = store.reader.latest(limit=limit, cursor=cursor, **narrowed)
        seen += [a.title for a in page.articles]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected


def test_readers_are_told_no_date_rather_than_a_placeholder(store: Store) -> None:
    fill(store)
    listed = {a.title: a.listed_at for a in store.reader.latest().articles}
    assert listed["archive-undated-0"] is None and listed["archive-captured"] == CAPTURED
    assert listed["live-undated"] is not None
    assert store.reader.newest_time() == listed["live-undated"]


def test_newest_time_is_none_when_no_article_has_a_time(store: Store) -> None:
    store.articles.save(article("archive-undated", archived=Archived()), None)
    assert store.reader.newest_time() is None


def test_an_archive_gives_its_date_to_a_stored_undated_page(store: Store) -> None:
    """Rows from before this rule (or a first archive without dates) get the date of
    an archive ingested later; an older capture moves a page earlier, a later one not."""
    store.articles.save(article("page", archived=Archived()), None)
    store.articles.save(article("page", archived=Archived(CAPTURED)), None)  # unchanged text
    [stored] = store.reader.latest().articles
    assert stored.listed_at == CAPTURED
    store.articles.save(article("page", archived=Archived(CAPTURED + timedelta(days=9))), None)
    assert store.reader.latest().articles[0].listed_at == CAPTURED
    earlier = CAPTURED - timedelta(days=30)
    store.articles.save(article("page", archived=Archived(earlier), text="Rewritten."), None)
    assert store.reader.latest().articles[0].listed_at == earlier
    store.articles.save(article("page", text="Fetched live."), None)  # says nothing of its age
    assert store.reader.latest().articles[0].listed_at == earlier
    store.articles.save(article("page", published=CAPTURED, text="Dated at last."), None)
    assert store.reader.latest(tag="energy").articles[0].listed_at == CAPTURED


def test_search_finds_undated_pages_but_no_date_filter_does(store: Store) -> None:
    fill(store)
    searcher = Searcher(store.engine)

    def found(**filters: object) -> set[str]:
        hits = searcher.search(SearchRequest("report", page_size=50, **filters)).hits
        return {hit.article.title for hit in hits}

    assert {"archive-undated-0", "archive-captured"} <= found()
    until = found(until=datetime(2020, 1, 1, tzinfo=UTC))
    assert until == {"archive-captured", "archive-dated"}  # undated: not known to be before
    since = found(since=datetime(2000, 1, 1, tzinfo=UTC))
    assert "archive-undated-0" not in since and "archive-captured" in since


def test_an_article_that_loses_its_only_date_takes_an_undated_place(store: Store) -> None:
    """A placeholder date a fix removes (or a publisher drops) leaves no place behind:
    a live article goes back to when it was first seen, an archived one to the end."""
    placeholder = datetime(1971, 1, 1, tzinfo=UTC)
    store.articles.save(article("live", published=placeholder), None)
    store.articles.save(article("archived", published=placeholder, archived=Archived()), None)
    store.articles.save(article("live", text="Corrected."), None)
    store.articles.save(article("archived", text="Corrected.", archived=Archived()), None)
    listed = {a.title: a for a in store.reader.latest().articles}
    assert listed["live"].listed_at == listed["live"].first_seen_at
    assert listed["archived"].listed_at is None
