"""Opening the database: a schema from a newer Tidings is refused and left as it was;
PostgreSQL connections that the server dropped are replaced."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Engine, select, text

from tests.backends import drop_connections
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.pipeline import Pipeline, prepared
from tidings.store import Outcome, Store, database
from tidings.store.database import SchemaTooNew, migrate, pending_migrations
from tidings.store.schema import ArticleRow


def set_revision(engine: Engine, revision: str) -> str:
    """Set the stored revision; returns the one it replaced."""
    with engine.begin() as connection:
        before = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    return before


def test_a_schema_from_a_newer_version_is_refused_and_left_as_it_was(store: Store) -> None:
    current = set_revision(store.engine, "from_the_future")
    try:
        with pytest.raises(SchemaTooNew, match=r"'from_the_future'.*newer version upgraded it"):
            migrate(store.engine)
        with pytest.raises(SchemaTooNew):
            pending_migrations(store.engine)
        with store.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == "from_the_future"
            assert connection.execute(select(ArticleRow.id)).all() == []
    finally:
        set_revision(store.engine, current)  # the PostgreSQL database serves the session


@pytest.mark.postgres
def test_a_connection_in_steady_use_is_not_pinged_and_a_rested_one_is(
    postgres_store: Store, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ping per checkout was a round trip per repository call; one that rested is
    checked, so a server restart meanwhile costs nobody a failed query."""
    dialect = postgres_store.engine.dialect
    pings = []
    ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(1) or ping(connection))
    for _ in range(3):
        assert postgres_store.reader.article_count() == 0
    assert pings == []
    assert drop_connections(postgres_url) >= 1
    monkeypatch.setattr(database, "REST_BEFORE_PING", 0.0)  # as if it rested long
    assert postgres_store.reader.article_count() == 0  # on a new connection
    assert len(pings) == 1


@pytest.mark.postgres
def test_the_writer_has_its_queries_planned_once_not_for_every_article(
    postgres_store: Store,
) -> None:
    """Its single reads run outside a transaction, so no ROLLBACK follows them: each
    one made psycopg forget its prepared statements, and the server planned every query
    of every article again (a millisecond for some)."""
    pipeline = Pipeline(postgres_store, None)
    for n in range(12):
        rng = random.Random(n)
        text_ = " ".join(f"word{rng.randrange(5000)}" for _ in range(200))
        content = ExtractedArticle(f"https://news.example/{n}", f"Report {n}", text_)
        saved = pipeline.save(prepared(Article(content, Enrichment(language="en"))))
        assert saved.outcome is Outcome.NEW
    reused = "SELECT count(*) FROM pg_prepared_statements WHERE generic_plans + custom_plans >= 5"
    with postgres_store.engine.connect() as connection:
        # the look-ups, the article's insert, its claim, its story
        assert connection.execute(text(reused)).scalar_one() >= 5
