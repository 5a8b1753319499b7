"""Storing cost per article: the same prepared articles saved into SQLite and PostgreSQL.

Operators move to PostgreSQL for many writers, so what one article costs the writer
there decides how far the workers go. Timing ``tidings ingest`` mixes that cost with
extraction, whose speed on a shared machine swings by tens of percent; here the
archive's documents are extracted, enriched and fingerprinted once, off the clock,
and each database, fresh, then receives them through ``Pipeline.save`` one at a
time in archive order, as ``tidings ingest``'s writer does.

The default archive is the first 40 of the shared real-world feeds (about 1,050
documents). The databases take turns ``--rounds`` times and each figure is the median
of its rounds. ``cpu_s`` is this process's CPU time, ``server_cpu_s`` that of the
PostgreSQL server processes serving it; the rest of ``seconds`` is waiting: on
round trips, on the log reaching the disk at each commit, and on a busy machine for
a core (wall-clock figures on a shared machine swing; CPU seconds much less).
``statements`` and ``commits`` are per article, counted by SQLAlchemy events.
``new``, ``updated`` and ``duplicates`` must agree between the databases.

    PYTHONPATH=src python bench/store.py [--data DIR] [--feeds N] [--rounds N]
        [--postgres URL] [--json]
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import psutil
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.errors import ExtractionError, IngestReport
from tidings.ingest.archives import read_paths
from tidings.models import Document
from tidings.pipeline import Pipeline, Prepared, prepare_article
from tidings.store.database import create_database, drop_database

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "feeds_realworld_fastfeedparser"
)
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
Figures = dict[str, float]


def prepared_articles(data: Path, feeds: int) -> list[Prepared]:
    """The first ``feeds`` feed files' articles, ready for the writer, in archive order."""
    files = sorted((data / "feeds").glob("*.gz"))[:feeds]
    enricher = Enricher.load()
    ready = []
    for item in read_paths(files):
        if isinstance(item, Document):
            try:
                ready.append(prepare_article(item, enricher))
            except ExtractionError:
                continue
    return ready


@contextmanager
def fresh_database(kind: str, postgres: str) -> Iterator[str | None]:
    """A database URL for one turn (None: SQLite in a temporary folder), removed after."""
    if kind == "sqlite":
        yield None
        return
    name = f"tidings_bench_{uuid.uuid4().hex[:8]}"
    url = create_database(postgres, name)
    try:
        yield url
    finally:
        drop_database(postgres, name)


class Counter:
    """Statements and commits an engine runs, from SQLAlchemy's events, and the CPU
    seconds its PostgreSQL server processes spend meanwhile."""

    def __init__(self, engine: Engine) -> None:
        self.statements = 0
        self.commits = 0
        self._backends: dict[int, float] = {}  # server process: its CPU seconds at the start
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:  # the pooled one, which ran the migrations
                pid = _backend(connection.connection.dbapi_connection)
            self._backends[pid] = _cpu_s(pid)
            event.listen(engine, "connect", self._connected)

    @property
    def server_cpu_s(self) -> float:
        return sum(_cpu_s(pid) - start for pid, start in self._backends.items())

    def _statement(self, *_args: object) -> None:
        self.statements += 1

    def _commit(self, *_args: object) -> None:
        self.commits += 1

    def _connected(self, dbapi_connection: Any, _record: object) -> None:
        self._backends[_backend(dbapi_connection)] = 0.0


def _backend(dbapi_connection: Any) -> int:
    return dbapi_connection.info.backend_pid


def _cpu_s(pid: int) -> float:
    """CPU seconds of a local server process (0 once it is gone)."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def save_all(articles: list[Prepared], kind: str, postgres: str) -> Figures:
    """Seconds and counts of saving ``articles`` into a fresh database of ``kind``."""
    with tempfile.TemporaryDirectory() as folder, fresh_database(kind, postgres) as url:
        pipeline = Pipeline.open(Settings(data_dir=Path(folder), database_url=url), enrich=False)
        counter = Counter(pipeline.store.engine)
        report = IngestReport()
        cpu, started = time.process_time(), time.perf_counter()
        for article in articles:
            pipeline.save(article).count_into(report)
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        server_cpu_s = counter.server_cpu_s
        pipeline.store.close()
    count = len(articles)
    return {
        "seconds": seconds,
        "ms_per_article": 1000 * seconds / count,
        "cpu_s": cpu_s,
        "server_cpu_s": server_cpu_s,
        "statements": counter.statements / count,
        "commits": counter.commits / count,
        "new": report.new,
        "updated": report.updated,
        "duplicates": report.duplicates,
        "errors": len(report.errors),
    }


def run(data: Path, feeds: int, rounds: int, postgres: str) -> dict[str, Figures]:
    """Both databases in turns, ``rounds`` times; medians of the turns."""
    articles = prepared_articles(data, feeds)
    measured: dict[str, list[Figures]] = {"sqlite": [], "postgresql": []}
    for _ in range(rounds):
        for kind, runs in measured.items():
            runs.append(save_all(articles, kind, postgres))
    results = {kind: _medians(runs) for kind, runs in measured.items()}
    results["postgresql_over_sqlite"] = {
        "seconds": results["postgresql"]["seconds"] / results["sqlite"]["seconds"]
    }
    return results


def _medians(runs: list[Figures]) -> Figures:
    return {metric: statistics.median(run[metric] for run in runs) for metric in runs[0]}


def command(
    data: Annotated[Path, typer.Option(help="a feeds_realworld_fastfeedparser folder")] = (
        DEFAULT_DATA
    ),
    feeds: Annotated[int, typer.Option(min=1, help="the first N feed files")] = 40,
    rounds: Annotated[int, typer.Option(min=1, help="turns per database; medians")] = 3,
    postgres: Annotated[str, typer.Option(help="server URL; a database is made per turn")] = (
        POSTGRES
    ),
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Time saving the same prepared articles into SQLite and into PostgreSQL."""
    results = run(data, feeds, rounds, postgres)
    if as_json:
        print(json.dumps(results))
        return
    sqlite, postgresql = results["sqlite"], results["postgresql"]
    table = Table("per run (medians)", "sqlite", "postgresql")
    for metric in sqlite:
        table.add_row(metric, f"{sqlite[metric]:.2f}", f"{postgresql[metric]:.2f}")
    ratio = results["postgresql_over_sqlite"]["seconds"]
    table.add_row("seconds, postgresql / sqlite", "", f"{ratio:.2f}")
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
