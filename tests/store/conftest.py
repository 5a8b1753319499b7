"""Every store test runs on SQLite and on PostgreSQL: one suite, same results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import empty_postgres, postgres_url
from tidings.config import Settings
from tidings.store import Store

__all__ = ["postgres_url"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = Store.open(Settings(data_dir=tmp_path, database_url=url))
    if url:
        empty_postgres(url)
    yield opened
    opened.close()


@pytest.fixture
def postgres_store(postgres_url: str, tmp_path: Path) -> Iterator[Store]:
    """A store on PostgreSQL only, for what SQLite does not have (a server, a planner)."""
    opened = Store.open(Settings(data_dir=tmp_path, database_url=postgres_url))
    empty_postgres(postgres_url)
    yield opened
    opened.close()
