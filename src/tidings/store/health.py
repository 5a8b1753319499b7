"""Can the database be reached and written, and is its schema current? For ``tidings doctor``."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from tidings.store.database import SchemaTooNew, pending_migrations
from tidings.store.problems import explain


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    reachable: bool
    writable: bool = False
    pending: list[str] = field(default_factory=list)
    error: str | None = None
    too_new: str | None = None  # upgraded by a newer Tidings: why this one cannot use it


def probe(engine: Engine) -> DatabaseHealth:
    """Connect, try a write that is rolled back, and list the migrations not applied."""
    try:
        pending = pending_migrations(engine)
    except SchemaTooNew as exc:
        return DatabaseHealth(reachable=True, too_new=str(exc))
    except SQLAlchemyError as exc:
        return DatabaseHealth(reachable=False, error=explain(exc) or str(exc))
    try:
        refused = _write_refused(engine)
    except SQLAlchemyError as exc:
        refused = explain(exc) or str(exc)
    return DatabaseHealth(True, refused is None, pending, refused)


def _write_refused(engine: Engine) -> str | None:
    """Why writes are refused, or None. SQLite: rewrite an unchanged header field."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            version = connection.execute(text("PRAGMA user_version")).scalar_one()
            connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
            return None
        if connection.execute(text("SHOW transaction_read_only")).scalar_one() == "on":
            return "The database server accepts reads only (transaction_read_only is on)."
        return None
