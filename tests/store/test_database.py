"""A database that a newer Tidings upgraded is refused as such, and left as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text

from tidings.store import Store
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
