"""Migration cjk_search: an instance upgraded with CJK articles finds words inside them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, insert, text

from tests.backends import postgres_server, unique_name
from tidings.config import Settings
from tidings.store import Store
from tidings.store.database import alembic_config, create_database, drop_database, make_engine
from tidings.store.schema import ArticleRow
from tidings.store.search import Searcher, SearchRequest

BEFORE = "stories_merges"
ROWS = [
    ("https://news.example/beijing", "北京天气", "今天北京下雨，气温很低。"),
    ("https://news.example/tokyo", "東京", "昨日東京都に行きました。"),
    ("https://news.example/london", "London weather", "Rain in London again."),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of each kind (the upgrade must start before the revision)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tidings.db'}"
        return
    server = postgres_server()
    if server is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (see scripts/services.sh)")
    name = unique_name("migration")
    yield create_database(server, name)
    drop_database(server, name)


def move_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def full_text_hits(engine: Engine, word: str) -> list[str]:
    """URLs the index alone finds for a Latin ``word``, whatever the revision."""
    if engine.dialect.name == "postgresql":
        query = "SELECT url FROM articles WHERE search_vector @@ plainto_tsquery('simple', :w)"
    else:
        query = (
            "SELECT url FROM articles JOIN articles_fts ON articles_fts.rowid = articles.id"
            " WHERE articles_fts MATCH :w"
        )
    with engine.connect() as connection:
        return sorted(connection.execute(text(query), {"w": word}).scalars())


def found(store: Store, query: str) -> list[str]:
    return sorted(
        hit.article.url for hit in Searcher(store.engine).search(SearchRequest(query)).hits
    )


def test_articles_stored_before_the_upgrade_are_found_by_their_cjk_words(
    database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    move_to(engine, BEFORE)
    now = datetime(2025, 7, 1, tzinfo=UTC)
    with engine.begin() as connection:
        for url, title, body in ROWS:
            connection.execute(
                insert(ArticleRow).values(
                    url=url, title=title, text=body, first_seen_at=now, updated_at=now,
                    publisher_keywords=[], alternate_urls=[], previous_hashes=[],
                    content_hash=url,
                )
            )  # fmt: skip
    engine.dispose()

    store = Store.open(Settings(data_dir=tmp_path, database_url=database_url))  # upgrades
    try:
        assert found(store, "北京") == [ROWS[0][0]]
        assert found(store, "行き") == [ROWS[1][0]]
        assert found(store, "weather") == [ROWS[2][0]]
        [hit] = Searcher(store.engine).search(SearchRequest("北京")).hits
        assert "<mark>北京</mark>下雨" in hit.snippet_html

        move_to(store.engine, BEFORE, down=True)  # and back: the old index, Latin words only
        assert full_text_hits(store.engine, "london") == [ROWS[2][0]]
        move_to(store.engine, "head")
        assert found(store, "東京都") == [ROWS[1][0]]
        assert full_text_hits(store.engine, "london") == [ROWS[2][0]]
    finally:
        store.close()
