"""Migration source_named_by on rows written before it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, inspect, select

from tests.store.migrations.revisions import move_to
from tidings.store import Store
from tidings.store.schema import ArticleRow, SourceRow

BEFORE = "indic_search"
SEEN = datetime(2026, 11, 1, 9, tzinfo=UTC)
SOURCES = [  # url, kind, title
    ("file:///archive/dawn.xml", "archive", "Dawn - World"),
    ("https://feeds.example/untitled", "feed", None),
    ("https://feeds.example/titled", "feed", "NYT > World News"),
]


def write_old_rows(engine: Engine) -> None:
    with engine.begin() as connection:
        for n, (url, kind, title) in enumerate(SOURCES, start=1):
            connection.execute(
                insert(SourceRow.__table__).values(
                    id=n, url=url, kind=kind, title=title, created_at=SEEN, error_count=0
                )
            )
        connection.execute(
            insert(ArticleRow.__table__).values(
                id=1,
                url="https://www.dawn.com/news/1",
                source_id=1,
                title="Headline",
                text="Body.",
                first_seen_at=SEEN,
                updated_at=SEEN,
                content_hash="1",
                publisher_keywords=[],
                alternate_urls=[],
                previous_hashes=[],
            )
        )


def named_by(engine: Engine) -> dict[str, bool | None]:
    with engine.connect() as connection:
        rows = connection.execute(select(SourceRow.url, SourceRow.title_from_feed))
        return {url: from_feed for url, from_feed in rows}


def test_archives_and_untitled_sources_are_the_feeds_to_name(store: Store) -> None:
    move_to(store.engine, BEFORE)
    write_old_rows(store.engine)
    move_to(store.engine, "head")
    assert named_by(store.engine) == {
        "file:///archive/dawn.xml": True,
        "https://feeds.example/untitled": True,
        "https://feeds.example/titled": None,  # the operator's or the feed's: its next crawl says
    }
    assert [source.title for source in store.sources.list()] == [title for *_, title in SOURCES]


def test_going_down_keeps_every_article_with_its_source(store: Store) -> None:
    engine = store.engine
    move_to(engine, BEFORE)
    write_old_rows(engine)
    move_to(engine, "head")
    move_to(engine, BEFORE)
    assert "title_from_feed" not in {c["name"] for c in inspect(engine).get_columns("sources")}
    with engine.connect() as connection:
        assert connection.execute(select(ArticleRow.source_id)).scalar_one() == 1
    move_to(engine, "head")
    assert named_by(engine)["https://feeds.example/titled"] is None
