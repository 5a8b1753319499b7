import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tidings.config import Settings
from tidings.models import Article, Enrichment, ExtractedArticle, TagAssignment, TagKind
from tidings.store import BadCursor, Outcome, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(Settings(data_dir=tmp_path))
    yield opened
    opened.close()


def article(n: int, *, text: str = "Body text.", tags=("Azerbaijan",), hours: int = 0) -> Article:
    content = ExtractedArticle(
        url=f"https://news.example/{n}",
        title=f"Headline {n}",
        text=text,
        published=datetime(2025, 7, 1, tzinfo=UTC) + timedelta(hours=hours or n),
    )
    assigned = [TagAssignment(t, t, TagKind.PLACE, 0.9, f"{t} in text") for t in tags]
    return Article(content, Enrichment(language="en", section="politics", tags=assigned))


def test_same_url_is_one_row_and_changes_keep_the_old_hash(store: Store) -> None:
    first_id, outcome = store.articles.save(article(1), None)
    assert outcome is Outcome.NEW
    assert store.articles.save(article(1), None) == (first_id, Outcome.UNCHANGED)
    assert store.articles.save(article(1, text="Corrected body."), None)[1] is Outcome.UPDATED
    with store.engine.connect() as connection:
        hashes = connection.execute(text("select previous_hashes from articles")).scalar_one()
    assert len(json.loads(hashes)) == 1 and store.reader.article_count() == 1


def test_tag_pages_are_newest_first_with_stable_cursors(store: Store) -> None:
    for n in range(1, 6):
        store.articles.save(
            article(n, tags=("Azerbaijan", "Russia") if n % 2 else ("Cambodia",)), None
        )
    first = store.reader.latest(limit=2, tag="Azerbaijan")
    assert [a.title for a in first.articles] == ["Headline 5", "Headline 3"]
    store.articles.save(article(9), None)  # news arriving on top does not shift the next page
    second = store.reader.latest(limit=2, tag="Azerbaijan", cursor=first.next_cursor)
    assert [a.title for a in second.articles] == ["Headline 1"]
    assert second.next_cursor is None
    assert [t.tag.slug for t in first.articles[0].tags] == ["Azerbaijan", "Russia"]
    with pytest.raises(BadCursor):
        store.reader.latest(cursor="garbage!")


def test_close_tags_suggest_spellings(store: Store) -> None:
    store.articles.save(article(1, tags=("diplomaticConflict", "Azerbaijan")), None)
    assert [t.slug for t in store.reader.close_tags("diplomaticConflicts")] == [
        "diplomaticConflict"
    ]


def test_future_dates_do_not_pin_articles_on_top(store: Store) -> None:
    future = article(1)
    future = replace(
        future, content=replace(future.content, published=datetime(2099, 1, 1, tzinfo=UTC))
    )
    article_id, _ = store.articles.save(future, None)
    assert store.reader.article(article_id).published_at is None


def test_source_health_backs_off_and_marks_broken(store: Store) -> None:
    source, created = store.sources.add("https://feeds.example/rss")
    assert created and store.sources.add("https://feeds.example/rss")[1] is False
    for _ in range(3):
        view = store.sources.record_failure(
            source.id, "HTTP 500", retry_in=timedelta(minutes=5), broken_after=3
        )
    assert view.broken and view.error_count == 3 and view.last_error == "HTTP 500"
    assert store.sources.due() == []  # broken and not yet due
    store.sources.record_success(
        source.id, next_check_in=timedelta(0), etag='"e"', last_modified=None,
        moved_to="https://feeds.example/new-rss",
    )  # fmt: skip
    healed = store.sources.get(source.id)
    assert not healed.broken and healed.etag == '"e"' and healed.url.endswith("new-rss")


def test_full_text_index_follows_the_rows(store: Store) -> None:
    store.articles.save(article(1, text="The Zangezur corridor talks resumed."), None)
    with store.engine.connect() as connection:
        hits = connection.execute(
            text("select rowid from articles_fts where articles_fts match 'zangezur'")
        ).all()
    assert len(hits) == 1
