"""Moving a test database between schema revisions, as an operator's upgrade does."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from tidings.store.database import alembic_config


def move_to(engine: Engine, revision: str) -> None:
    """Up to ``head``, or down to ``revision``."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, "head")
        else:
            command.downgrade(config, revision)
