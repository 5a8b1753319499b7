"""Throughput at scale: articles/s through 1, 2 and 4 worker processes on
PostgreSQL + Redis, beside the single-process SQLite crawl of the same site.

The site is the loopback news server (``tidings.eval.newsserver``) publishing
the saved pages of ``article_extraction_aeb`` in two feeds. Each run starts
from an empty database; the clock starts when the due sources are queued
(workers already up, models loaded) and stops when every article is stored.
From the workers' own task timings it derives per-article costs, and from
those a paper estimate for 1 M articles/day from 50,000 sources.

    python bench/scale.py [--data DIR] [--pages N] [--workers 1,2,4] [--json]
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import redis
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

from tidings.config import Settings
from tidings.crawl import Crawler
from tidings.eval.newsserver import NewsServer, SavedPage, load_pages
from tidings.pipeline import Pipeline
from tidings.store import Store
from tidings.store.database import create_database, drop_database
from tidings.workers.app import make_app
from tidings.workers.local import LocalWorker, wait_for
from tidings.workers.scheduler import Scheduler

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article_extraction_aeb"
FEEDS = ("/rss.xml", "/atom.xml")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/14"
TASK_SECONDS = re.compile(r"Task tidings\.(\w+)\[[\w-]+\] succeeded in ([0-9.]+)s")
# Paper-estimate assumptions (not measured here): see the README's "Running at scale".
ARTICLES_PER_DAY = 1_000_000
SOURCES = 50_000
PEAK_FACTOR = 3.0  # the busiest hour against the daily mean
MEAN_CHECK_INTERVAL_S = 1800.0  # adaptive schedule, 5 min to 24 h
FEED_FETCH_LATENCY_S = 1.0  # a feed over the internet, waiting not computing
RETENTION_DAYS = 365


@dataclass
class Run:
    articles: int
    seconds: float
    process_s: list[float]
    fetch_s: list[float]
    db_bytes: int = 0  # growth of the whole database, indexes and page slack included
    row_bytes: int = 0  # mean size of one article row as stored (TOAST-compressed)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def loopback_settings(**overrides: object) -> Settings:
    return Settings(
        allow_private_networks=True, per_host_delay=0, per_host_concurrency=8, **overrides
    )


def single_process(server: NewsServer, workdir: Path) -> Run:
    """``tidings crawl`` on SQLite: one process, one writer thread."""
    settings = loopback_settings(data_dir=workdir / "sqlite")
    pipeline = Pipeline.open(settings)
    for path in FEEDS:
        pipeline.store.sources.add(server.url(path))
    crawler = Crawler(settings, pipeline)
    start = time.perf_counter()
    try:
        report = asyncio.run(crawler.crawl())
    finally:
        crawler.close()
    seconds = time.perf_counter() - start
    pipeline.store.close()
    return Run(report.new, seconds, [], [])


def workers_run(server: NewsServer, workdir: Path, count: int, expected: int) -> Run:
    """``count`` worker processes (one task at a time each) on a fresh PostgreSQL database."""
    name = f"tidings_bench_{uuid.uuid4().hex[:8]}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    settings = loopback_settings(
        data_dir=workdir / prefix,
        database_url=create_database(POSTGRES, name),
        broker_url=REDIS,
        queue_prefix=prefix,
    )
    settings.data_dir.mkdir(parents=True)
    store = Store.open(settings)
    workers: list[LocalWorker] = []
    try:
        empty_bytes = _database_bytes(store)
        for path in FEEDS:
            store.sources.add(server.url(path))
        workers = [
            LocalWorker.start(settings, settings.data_dir / f"worker{n}.log") for n in range(count)
        ]
        for worker in workers:
            worker.wait_ready()
        scheduler = Scheduler(settings, make_app(settings), store, interval=1)
        start = time.perf_counter()
        scheduler.lead()
        scheduler.tick()
        wait_for(lambda: store.reader.article_count() >= expected, 600, "workers stalled")
        seconds = time.perf_counter() - start
        timings = [m for w in workers for m in TASK_SECONDS.findall(w.log())]
        return Run(
            store.reader.article_count(),
            seconds,
            [float(s) for task, s in timings if task == "process_document"],
            [float(s) for task, s in timings if task == "fetch_source"],
            _database_bytes(store) - empty_bytes,
            _row_bytes(store),
        )
    finally:
        for worker in workers:
            worker.kill()
        store.close()
        drop_database(POSTGRES, name)
        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def _database_bytes(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar())


def _row_bytes(store: Store) -> int:
    with store.engine.connect() as connection:
        query = text("SELECT avg(pg_column_size(a.*)) FROM articles AS a")
        return round(connection.execute(query).scalar() or 0)


def estimate(run: Run) -> dict[str, float]:
    """Workers and disk for ``ARTICLES_PER_DAY`` from ``SOURCES``, from measured costs."""
    # The median: each new process pays one-off lazy loads (seconds) on its first tasks.
    process_s = statistics.median(run.process_s)
    fetch_s_per_article = sum(run.fetch_s) / run.articles
    peak_rate = ARTICLES_PER_DAY / 86_400 * PEAK_FACTOR
    feed_checks_per_s = SOURCES / MEAN_CHECK_INTERVAL_S
    bytes_per_article = run.db_bytes / run.articles
    return {
        "process_s_per_article": round(process_s, 4),
        "process_s_mean": round(statistics.mean(run.process_s), 4),
        "fetch_s_per_article": round(fetch_s_per_article, 4),
        "db_bytes_per_article": round(bytes_per_article),
        "row_bytes_per_article": run.row_bytes,
        "peak_articles_per_s": round(peak_rate, 1),
        "process_workers": math.ceil(peak_rate * process_s),
        "feed_checks_per_s": round(feed_checks_per_s, 1),
        "fetch_slots": math.ceil(feed_checks_per_s * FEED_FETCH_LATENCY_S + peak_rate),
        "db_gb_per_year": round(bytes_per_article * ARTICLES_PER_DAY * RETENTION_DAYS / 1e9, 1),
    }


def run(data: Path, pages: int | None, worker_counts: list[int]) -> dict[str, dict[str, float]]:
    saved: list[SavedPage] = load_pages(data, limit=pages)
    results: dict[str, dict[str, float]] = {}
    with NewsServer(saved) as server, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        reference = single_process(server, workdir)
        results["tidings"] = {
            "articles_per_s": round(reference.articles_per_s, 2),
            "articles": reference.articles,
            "seconds": round(reference.seconds, 2),
        }
        runs = {}
        for count in worker_counts:
            runs[count] = workers_run(server, workdir, count, reference.articles)
            results[f"tidings_postgres_{count}_workers"] = {
                "articles_per_s": round(runs[count].articles_per_s, 2),
                "articles": runs[count].articles,
                "seconds": round(runs[count].seconds, 2),
            }
        results["estimate_1m_per_day"] = estimate(runs[min(worker_counts)])
    return results


def command(
    data: Annotated[Path, typer.Option(help="An article_extraction_aeb folder.")] = DEFAULT_DATA,
    pages: Annotated[int | None, typer.Option(help="Pages to publish (default all).")] = None,
    workers: Annotated[str, typer.Option(help="Worker process counts.")] = "1,2,4",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Articles/s through workers on PostgreSQL beside single-process SQLite."""
    results = run(data, pages, [int(n) for n in workers.split(",")])
    if as_json:
        print(json.dumps(results))
        return
    table = Table("system", "metric", "value")
    for system, metrics in results.items():
        for metric, value in metrics.items():
            table.add_row(system, metric, f"{value:g}")
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
