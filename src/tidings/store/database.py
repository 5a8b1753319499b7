"""Engine creation and migrations: the database is created and upgraded on open.

SQLite is the zero-setup default, tuned for one writer and many readers: WAL
journal (readers never block the writer), NORMAL sync (durable at checkpoints,
never corrupt), foreign keys on, and a busy timeout so a second process waits
instead of failing.

PostgreSQL is for many writers (Celery workers): each process gets a small
pool. A pooled connection that rested for ``REST_BEFORE_PING`` is pinged before use,
so one the server dropped meanwhile (a restart, an idle timeout) is replaced instead
of failing its first query. A connection in steady use is not: a ping per checkout
was a round trip per repository call, six per stored article, 7 to 11% of an ingest's
time. A connection lost while in use fails its query; ``lost_connection`` says so,
and the pipeline saves that article again on a new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Dialect, Engine, create_engine, event, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, InvalidatePoolError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x7469_6469  # any constant, the same in every process: "tidi"

# Errors worth retrying a task for: a lost connection, a deadlock, a busy SQLite file.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
# Seconds a pooled connection may rest before it is pinged: at most one ping a second
# per connection, whatever the load.
REST_BEFORE_PING = 1.0
_RESTING_SINCE = "tidings_resting_since"  # key in a pooled connection's info


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder and pragmas."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(postgres_url(url), pool_size=4, max_overflow=4)
    event.listen(engine, "checkin", _rest)
    event.listen(engine, "checkout", _ping_after_rest(engine.dialect))
    return engine


def single_reads(engine: Engine) -> Engine:
    """The engine for reads of one statement, which need no transaction around them.

    On PostgreSQL each runs by itself (autocommit): no BEGIN and ROLLBACK round trips,
    and no ROLLBACK, which makes psycopg forget its prepared statements, so that the
    queries the writer repeats for every article are planned once. On SQLite a read is
    in-process, and a change of isolation level would cost a statement of its own.
    """
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def dialect_insert(session: Session) -> Any:
    """INSERT with ON CONFLICT: the two dialects spell it the same, from different modules."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def lost_connection(exc: BaseException) -> bool:
    """Whether ``exc`` is the database connection going away (a server restart, a
    dropped link): the work it interrupted may be done again on a new connection."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _rest(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info[_RESTING_SINCE] = time.monotonic()


def _ping_after_rest(dialect: Dialect) -> Callable[[Any, ConnectionPoolEntry, Any], None]:
    """A checkout hook that pings a connection which rested ``REST_BEFORE_PING``; a dead
    one makes the pool drop every connection as old and hand out a new one."""

    def ping(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.get(_RESTING_SINCE)
        if since is None or time.monotonic() - since < REST_BEFORE_PING:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            raise InvalidatePoolError(str(exc)) from exc

    return ping


def postgres_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` as operators write them, on the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_database(server_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``server_url``; returns its URL.

    For tests and benchmarks, which each want a database of their own.
    """
    _admin_execute(server_url, f'CREATE DATABASE "{name}"')
    return make_url(postgres_url(server_url)).set(database=name).render_as_string(False)


def drop_database(server_url: str, name: str) -> None:
    """Drop database ``name``, disconnecting whoever still uses it."""
    _admin_execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_execute(server_url: str, statement: str) -> None:
    engine = create_engine(postgres_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "busy_timeout=30000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


class SchemaTooNew(Exception):
    """The database was upgraded by a newer Tidings: this version cannot read it safely."""

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"The database's schema is at revision '{revision}', which this version of"
            " Tidings does not know: a newer version upgraded it. Run that version, or"
            " restore the copy of the database saved before the upgrade. Nothing was changed."
        )
        self.revision = revision


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there)."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Workers starting together on a new database migrate one at a time.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        _known_revision(ScriptDirectory.from_config(config), connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def pending_migrations(engine: Engine) -> list[str]:
    """Revisions not yet applied, for ``tidings doctor`` and start-up checks."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        current = _known_revision(script, connection)
    revisions = script.iterate_revisions("heads", current or "base")
    return [rev.revision for rev in revisions if rev.revision != current]


def _known_revision(script: ScriptDirectory, connection: Connection) -> str | None:
    """The database's revision; ``SchemaTooNew`` when none of these migrations made it
    (a rolled-back install opening a database that a newer Tidings upgraded)."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaTooNew(current)
    return current
