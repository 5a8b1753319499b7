"""Ingest throughput: a whole crawl (fetch + extract + enrich + store) beside bare trafilatura.

The shared AEB pages are served on 127.0.0.1 by ``tidings.eval.newsserver``
behind one RSS feed; Tidings crawls it into a fresh SQLite database, with
enrichment on and off. The reference is trafilatura extracting the same pages
in-process, with no fetching and no storage. Each system runs in its own
child process so that its peak memory (ru_maxrss) is its own.

    PYTHONPATH=src python bench/ingest.py [--data DIR] [--limit N] [--json]
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

AEB = "an article_extraction_aeb-style folder"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article_extraction_aeb"
Figures = dict[str, float]


def crawl_figures(data: Path, limit: int | None, enrich: bool) -> Figures:
    """Articles per second of one crawl of the loopback site into a fresh store."""
    from tidings.config import Settings
    from tidings.crawl import Crawler
    from tidings.eval.newsserver import NewsServer, load_pages
    from tidings.pipeline import Pipeline

    pages = load_pages(data, limit)
    with tempfile.TemporaryDirectory() as folder, NewsServer(pages) as server:
        settings = Settings(
            data_dir=Path(folder),
            allow_private_networks=True,
            per_host_delay=0,
            per_host_concurrency=8,
        )
        loaded = time.perf_counter()
        pipeline = Pipeline.open(settings, enrich=enrich)
        load_s = time.perf_counter() - loaded
        pipeline.store.sources.add(server.url("/all.xml"))
        crawler = Crawler(settings, pipeline)
        started = time.perf_counter()
        report = asyncio.run(crawler.crawl())
        elapsed = time.perf_counter() - started
        crawler.close()
    return {
        "articles_per_s": report.new / elapsed,
        "articles": float(report.new),
        "errors": float(len(report.errors)),
        "seconds": elapsed,
        "load_s": load_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


def trafilatura_figures(data: Path, limit: int | None) -> Figures:
    """Articles per second of bare trafilatura over the same pages, already in memory."""
    import trafilatura

    from tidings.eval.newsserver import load_pages

    pages = load_pages(data, limit)
    started = time.perf_counter()
    extracted = sum(
        bool(trafilatura.extract(page.html.decode("utf-8", "replace"))) for page in pages
    )
    elapsed = time.perf_counter() - started
    return {
        "articles_per_s": extracted / elapsed,
        "articles": float(extracted),
        "seconds": elapsed,
        "peak_rss_mb": _peak_rss_mb(),
    }


def run(data: Path = DEFAULT_DATA, limit: int | None = None) -> dict[str, Figures]:
    """Every system measured in its own child process."""
    jobs = {
        "tidings": (crawl_figures, (data, limit, True)),
        "tidings_no_enrich": (crawl_figures, (data, limit, False)),
        "trafilatura": (trafilatura_figures, (data, limit)),
    }
    context = multiprocessing.get_context("spawn")
    results = {}
    for name, (function, args) in jobs.items():
        with context.Pool(1) as pool:
            results[name] = pool.apply(function, args)
    return results


def command(
    data: Annotated[Path, typer.Option(help=AEB)] = DEFAULT_DATA,
    limit: Annotated[int | None, typer.Option(help="only the first N pages")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Measure articles/s and peak memory of Tidings' ingest beside trafilatura."""
    results = run(data, limit)
    if as_json:
        print(json.dumps(results))
        return
    metrics = sorted({metric for figures in results.values() for metric in figures})
    table, figures = Table("metric", *results), list(results.values())
    for metric in metrics:
        table.add_row(metric, *(f"{f[metric]:.2f}" if metric in f else "" for f in figures))
    Console().print(table)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


if __name__ == "__main__":
    typer.run(command)
