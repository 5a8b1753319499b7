"""Ingest throughput: a whole crawl (fetch + extract + enrich + store) beside bare trafilatura.

The shared AEB pages are served on 127.0.0.1 by ``tidings.eval.newsserver``
(from the bench's own process, so serving is not counted) behind one RSS feed;
Tidings crawls it into a fresh SQLite database, with enrichment on and off, its
extraction workers started and warm as in a running server (``load_s`` is that
start-up: store, workers, models). The
reference is trafilatura extracting the same pages in-process, with no fetching
and no storage. Each system runs in its own child process; a sampler follows
that process and every descendant (the extraction workers) for CPU seconds and
peak resident memory (summed over processes), which stay comparable when the
machine is busy and wall-clock figures are not.

    PYTHONPATH=src python bench/ingest.py [--data DIR] [--limit N] [--rounds N] [--json]
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import psutil
import typer
from rich.console import Console
from rich.table import Table

AEB = "an article_extraction_aeb-style folder"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article_extraction_aeb"
Figures = dict[str, float]


class TreeSampler(threading.Thread):
    """CPU seconds and summed peak RSS of this process and its descendants."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self._interval = interval
        self._done = threading.Event()
        self._cpu: dict[int, float] = {}
        self._start_cpu: dict[int, float] = {}
        self._rss: dict[int, int] = {}

    def run(self) -> None:
        while not self._done.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        me = psutil.Process()
        for process in [me, *me.children(recursive=True)]:
            try:
                times, rss = process.cpu_times(), process.memory_info().rss
            except psutil.Error:
                continue
            used = times.user + times.system
            # Processes alive when sampling began count from then; later ones from birth.
            self._start_cpu.setdefault(process.pid, 0.0 if self.is_alive() else used)
            self._cpu[process.pid] = used
            self._rss[process.pid] = max(self._rss.get(process.pid, 0), rss)

    def __enter__(self) -> TreeSampler:
        self._sample()
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._done.set()
        self.join()

    @property
    def cpu_s(self) -> float:
        return sum(used - self._start_cpu[pid] for pid, used in self._cpu.items())

    @property
    def peak_rss_mb(self) -> float:
        return sum(self._rss.values()) / 2**20


def crawl_figures(feed_url: str, enrich: bool) -> Figures:
    """Articles per second of one crawl of ``feed_url`` into a fresh store."""
    from tidings.config import Settings
    from tidings.crawl import Crawler
    from tidings.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            data_dir=Path(folder),
            allow_private_networks=True,
            per_host_delay=0,
            per_host_concurrency=8,
        )
        loaded = time.perf_counter()
        pipeline = Pipeline.open(settings, enrich=enrich)
        pipeline.store.sources.add(feed_url)
        crawler = Crawler(settings, pipeline)
        asyncio.run(crawler.start())
        load_s = time.perf_counter() - loaded
        with TreeSampler() as sampler:
            started = time.perf_counter()
            report = asyncio.run(crawler.crawl())
            elapsed = time.perf_counter() - started
        crawler.close()
    return {
        "articles_per_s": report.new / elapsed,
        "articles": float(report.new),
        "errors": float(len(report.errors)),
        "seconds": elapsed,
        "cpu_s": sampler.cpu_s,
        "load_s": load_s,
        "peak_rss_mb": sampler.peak_rss_mb,
    }


def trafilatura_figures(data: Path, limit: int | None) -> Figures:
    """Articles per second of bare trafilatura over the same pages, already in memory."""
    import trafilatura

    from tidings.eval.newsserver import load_pages

    pages = load_pages(data, limit)
    with TreeSampler() as sampler:
        started = time.perf_counter()
        extracted = sum(
            bool(trafilatura.extract(page.html.decode("utf-8", "replace"))) for page in pages
        )
        elapsed = time.perf_counter() - started
    return {
        "articles_per_s": extracted / elapsed,
        "articles": float(extracted),
        "seconds": elapsed,
        "cpu_s": sampler.cpu_s,
        "peak_rss_mb": sampler.peak_rss_mb,
    }


def run(data: Path = DEFAULT_DATA, limit: int | None = None, rounds: int = 3) -> dict[str, Figures]:
    """Every system measured in its own child process; the site is served from this
    one, so that serving costs are not counted as Tidings' own.

    The systems take turns, ``rounds`` times, and each figure is the median of its
    rounds: on a shared virtual machine one run can be slowed by half by a
    neighbour, and turns spread that over all systems alike.
    """
    from tidings.eval.newsserver import NewsServer, load_pages

    context = multiprocessing.get_context("spawn")
    measured: dict[str, list[Figures]] = {}
    with NewsServer(load_pages(data, limit)) as server:
        jobs: dict[str, tuple[Callable[..., Figures], tuple[object, ...]]] = {
            "tidings": (crawl_figures, (server.url("/all.xml"), True)),
            "tidings_no_enrich": (crawl_figures, (server.url("/all.xml"), False)),
            "trafilatura": (trafilatura_figures, (data, limit)),
        }
        for _ in range(rounds):
            for name, (function, args) in jobs.items():
                with ProcessPoolExecutor(1, mp_context=context) as pool:  # workers have children
                    measured.setdefault(name, []).append(pool.submit(function, *args).result())
    return {name: _medians(runs) for name, runs in measured.items()}


def _medians(runs: list[Figures]) -> Figures:
    return {metric: statistics.median(run[metric] for run in runs) for metric in runs[0]}


def command(
    data: Annotated[Path, typer.Option(help=AEB)] = DEFAULT_DATA,
    limit: Annotated[int | None, typer.Option(help="only the first N pages")] = None,
    rounds: Annotated[int, typer.Option(min=1, help="turns per system; medians")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Measure articles/s, CPU seconds and peak memory of Tidings' ingest beside trafilatura."""
    results = run(data, limit, rounds)
    if as_json:
        print(json.dumps(results))
        return
    metrics = sorted({metric for figures in results.values() for metric in figures})
    table, columns = Table("metric", *results), list(results.values())
    for metric in metrics:
        table.add_row(metric, *(f"{f[metric]:.2f}" if metric in f else "" for f in columns))
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
