"""Migration undated_order on rows written before it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, inspect, select

from tests.store.migrations.revisions import move_to
from tidings.store import Store
from tidings.store.listtime import UNDATED
from tidings.store.schema import ArticleRow, ArticleTagRow, SourceRow, TagRow

BEFORE = "cjk_search"
SEEN = datetime(2026, 11, 1, 9, tzinfo=UTC)  # when the rows were written
PUBLISHED = datetime(2025, 7, 1, tzinfo=UTC)


def write_old_rows(engine: Engine) -> None:
    """Rows as the code before the migration wrote them (no listed_at column)."""
    sources = [("https://feed.example/rss", "feed"), ("urn:tidings:source:wire", "archive")]
    rows = [  # url, source, published
        ("https://feed.example/dated", 1, PUBLISHED),
        ("https://feed.example/undated", 1, None),
        ("https://wire.example/dated", 2, PUBLISHED),
        ("https://wire.example/undated", 2, None),
        ("urn:tidings:0123abcd", None, None),
        ("file:///archive/page.html", None, None),
        ("https://orphan.example/undated", None, None),  # its source was removed: unknown
    ]
    with engine.begin() as connection:
        for n, (url, kind) in enumerate(sources, start=1):
            connection.execute(
                insert(SourceRow.__table__).values(
                    id=n, url=url, kind=kind, created_at=SEEN, error_count=0, broken=False
                )
            )
        for n, (url, source_id, published) in enumerate(rows, start=1):
            connection.execute(
                insert(ArticleRow.__table__).values(
                    id=n,
                    url=url,
                    source_id=source_id,
                    title=url,
                    text="Body.",
                    published_at=published,
                    first_seen_at=SEEN,
                    updated_at=SEEN,
                    content_hash=str(n),
                    publisher_keywords=[],
                    alternate_urls=[],
                    previous_hashes=[],
                )
            )
        connection.execute(
            insert(TagRow.__table__).values(id=1, slug="energy", display="Energy", kind="concept")
        )
        for n in range(1, len(rows) + 1):
            connection.execute(
                insert(ArticleTagRow.__table__).values(
                    article_id=n, tag_id=1, rank=0, score=0.5, evidence="e"
                )
            )


def list_times(engine: Engine) -> dict[str, tuple[datetime, datetime]]:
    """Each article's list time and its tag link's copy of it."""
    query = select(ArticleRow.url, ArticleRow.listed_at, ArticleTagRow.listed_at).join(
        ArticleTagRow, ArticleTagRow.article_id == ArticleRow.id
    )
    with engine.connect() as connection:
        return {url: (listed, linked) for url, listed, linked in connection.execute(query)}


def test_existing_rows_keep_their_place_but_undated_archive_rows_go_last(store: Store) -> None:
    engine = store.engine
    move_to(engine, BEFORE)
    write_old_rows(engine)
    move_to(engine, "head")
    assert list_times(engine) == {
        "https://feed.example/dated": (PUBLISHED, PUBLISHED),
        "https://feed.example/undated": (SEEN, SEEN),  # fetched live: first seen, as before
        "https://wire.example/dated": (PUBLISHED, PUBLISHED),
        "https://wire.example/undated": (UNDATED, UNDATED),  # first "seen" at its import
        "urn:tidings:0123abcd": (UNDATED, UNDATED),
        "file:///archive/page.html": (UNDATED, UNDATED),
        "https://orphan.example/undated": (SEEN, SEEN),
    }
    titles = [a.title for a in store.reader.latest(tag="energy").articles]
    assert titles[:4] == [
        "https://orphan.example/undated",
        "https://feed.example/undated",
        "https://wire.example/dated",
        "https://feed.example/dated",
    ]
    assert set(titles[4:]) == {
        "https://wire.example/undated",
        "urn:tidings:0123abcd",
        "file:///archive/page.html",
    }


def test_the_migration_goes_down_and_up_again(store: Store) -> None:
    engine = store.engine
    move_to(engine, BEFORE)
    write_old_rows(engine)
    move_to(engine, "head")
    move_to(engine, BEFORE)
    assert "listed_at" not in {column["name"] for column in inspect(engine).get_columns("articles")}
    link = select(ArticleTagRow.listed_at).where(ArticleTagRow.article_id == 4)
    with engine.connect() as connection:  # back to coalesce(published_at, first_seen_at)
        assert connection.execute(link).scalar_one() == SEEN
    move_to(engine, "head")
    assert list_times(engine)["https://wire.example/undated"] == (UNDATED, UNDATED)
