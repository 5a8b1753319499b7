import base64
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tidings.models import Article, Enrichment, ExtractedArticle, TagAssignment, TagKind
from tidings.store import BadCursor, Outcome, Store
from tidings.store import articles as articles_module
from tidings.store.pg_search import search_postgres
from tidings.store.schema import ArticleRow


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
        hashes = connection.execute(select(ArticleRow.previous_hashes)).scalar_one()
    assert len(hashes) == 1 and store.reader.article_count() == 1


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


@pytest.mark.parametrize("id_", ["999999999999999999999999", str(2**31), "0", "-1"])
def test_a_cursor_naming_an_id_no_row_can_have_is_refused(store: Store, id_: str) -> None:
    raw = f"2026-11-29T19:59:30+00:00|{id_}".encode()
    with pytest.raises(BadCursor):
        store.reader.latest(cursor=base64.urlsafe_b64encode(raw).decode())


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


def full_text_hits(store: Store, query: str) -> list[int]:
    if store.engine.dialect.name == "postgresql":
        return [article_id for article_id, _rank in search_postgres(store.engine, query)]
    with store.engine.connect() as connection:
        match = text("select rowid from articles_fts where articles_fts match :q order by rowid")
        return list(connection.execute(match, {"q": query}).scalars())


def test_full_text_index_follows_the_rows(store: Store) -> None:
    first, _ = store.articles.save(article(1, text="The Zangezur corridor talks resumed."), None)
    store.articles.save(article(2, text="Markets rallied on Monday."), None)
    assert full_text_hits(store, "zangezur") == [first]
    store.articles.save(article(1, text="The border talks resumed."), None)
    assert full_text_hits(store, "zangezur") == []
    assert full_text_hits(store, "border") == [first]


def test_postgres_search_stems_in_the_article_language(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("stemming per language is the PostgreSQL index (FTS5 matches words)")
    english = article(1, text="Elections were held in Armenia.")
    french = article(2, text="Les élections législatives ont eu lieu.")
    french = replace(french, enrichment=replace(french.enrichment, language="fr"))
    english_id, _ = store.articles.save(english, None)
    french_id, _ = store.articles.save(french, None)
    assert {hit for hit, _ in search_postgres(store.engine, "election")} == {english_id}
    assert {hit for hit, _ in search_postgres(store.engine, "élection")} == {french_id}
    assert search_postgres(store.engine, '"held in" -armenia') == []
    assert search_postgres(store.engine, "   ") == []


def test_a_huge_article_is_stored_and_searchable(store: Store) -> None:
    words = " ".join(f"word{n}" for n in range(600_000))  # about 6 MB of distinct words
    article_id, outcome = store.articles.save(article(1, text="Zangezur " + words), None)
    assert outcome is Outcome.NEW and full_text_hits(store, "zangezur") == [article_id]


def test_the_same_article_saved_concurrently_is_stored_once(store: Store) -> None:
    racers = 6
    barrier = threading.Barrier(racers)

    def save(n: int) -> Outcome:
        tags = ("Armenia", "Azerbaijan", "Russia")[n % 3 :] + ("Armenia", "Azerbaijan")[: n % 3]
        barrier.wait()
        return store.articles.save(article(1, tags=tags), None)[1]

    with ThreadPoolExecutor(racers) as pool:
        outcomes = list(pool.map(save, range(racers)))
    assert outcomes.count(Outcome.NEW) == 1 and store.reader.article_count() == 1
    with store.engine.connect() as connection:
        uses = connection.execute(
            text(
                "select t.slug, count(*) from article_tags a join tags t on t.id = a.tag_id"
                " group by t.slug order by t.slug"
            )
        ).all()
    assert [tuple(row) for row in uses] == [("Armenia", 1), ("Azerbaijan", 1), ("Russia", 1)]


def test_a_tag_another_writer_inserted_after_the_read_is_found(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tags an insert returns are only the ones it made: one that another writer
    made between the read and the insert is looked up again."""
    store.articles.save(article(1, tags=("Armenia",)), None)
    read, reads = articles_module._tag_ids, []

    def read_late(session: Session, slugs: list[str]) -> dict[str, int]:
        reads.append(slugs)  # the first read ran before the other writer's commit
        return read(session, slugs) if len(reads) > 1 else {}

    monkeypatch.setattr(articles_module, "_tag_ids", read_late)
    store.articles.save(article(2, tags=("Armenia", "Russia")), None)
    with store.engine.connect() as connection:
        uses = connection.execute(
            text("select t.slug from article_tags a join tags t on t.id = a.tag_id")
        ).scalars()
        assert sorted(uses) == ["Armenia", "Armenia", "Russia"]
    assert reads == [["Armenia", "Russia"], ["Armenia"]]


def test_concurrent_updates_of_one_article_each_keep_the_previous_version(store: Store) -> None:
    store.articles.save(article(1, text="First version."), None)
    racers = 4
    barrier = threading.Barrier(racers)

    def update(n: int) -> Outcome:
        barrier.wait()
        return store.articles.save(article(1, text=f"Correction number {n}."), None)[1]

    with ThreadPoolExecutor(racers) as pool:
        outcomes = list(pool.map(update, range(racers)))
    assert outcomes == [Outcome.UPDATED] * racers
    with store.engine.connect() as connection:
        hashes = connection.execute(select(ArticleRow.previous_hashes)).scalar_one()
    assert len(set(hashes)) == racers  # no update was lost to another
