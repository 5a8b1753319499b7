"""The real database and broker servers the tests run against, when reachable.

PostgreSQL and Redis run on 127.0.0.1 on the CI machine (``scripts/services.sh``
starts them when down). Each test session gets a database of its own, created
here and dropped afterwards; a test that needs a server that is not there is
skipped, saying which server and why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from tidings.store.database import create_database, drop_database

POSTGRES_CANDIDATES = [
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg://root@127.0.0.1:5432/postgres",
]
REDIS_URL = os.environ.get("TIDINGS_TEST_REDIS_URL", "redis://127.0.0.1:6379")
TABLES = "article_copies, article_bands, story_keys, article_tags, articles, stories, tags, sources"


def postgres_server() -> str | None:
    """The first server URL that answers, from TIDINGS_TEST_POSTGRES_URL or the defaults."""
    configured = os.environ.get("TIDINGS_TEST_POSTGRES_URL")
    for url in [configured] if configured else POSTGRES_CANDIDATES:
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
        except ImportError:  # psycopg comes with the "scale" extra
            return None
        try:
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            return url
        except SQLAlchemyError:
            continue
        finally:
            engine.dispose()
    return None


def unique_name(kind: str) -> str:
    return f"tidings_{kind}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database for this test session, dropped at its end."""
    server = postgres_server()
    if server is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (see scripts/services.sh)")
    name = unique_name("test")
    url = create_database(server, name)
    yield url
    drop_database(server, name)


def empty_postgres(url: str) -> None:
    """Remove every row and restart the ids, so each test starts as on a new database."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def drop_connections(url: str) -> int:
    """Cut every other connection to the database of ``url``, as a server restart does;
    how many were cut."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def redis_url() -> str:
    """Redis on 127.0.0.1, or a skip saying it is not there."""
    redis = pytest.importorskip("redis", reason="pip install '.[scale]' for the Redis tests")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL
