"""Load the site on a large database while its refresh loop writes to it.

1. Fill a database with ``--articles`` synthetic articles, with ``bench/web.py``'s
   filler (``--keep DIR`` reuses a database built by either bench, e.g. the 1 M one
   of ``bench/web.py --keep /tmp/bench1m``). Its publishers' made-up feeds are
   never due: nothing else to crawl.
2. Start ``tidings run`` (the site plus its refresh loop; rate limit off, as the
   load comes from one address; sources checked again as soon as a loop ends).
3. Readers alone: ``--concurrency`` asyncio clients for ``--minutes`` over home,
   tag, section, source and article pages and their JSON twins.
4. Writer alone: subscribe to a loopback news site (in its own process) whose feed
   links to a new generation of pages on every request, each page's paragraphs
   reworded so it is a new article, not a near-duplicate of the last generation.
   Count the articles stored per second.
5. Readers and writer together: the same load, and the articles stored meanwhile.

Reports requests/s, p50/p95/p99 and errors with and without the writer, the
writer's articles/s alone and under load, and the load average (other jobs on
the machine distort wall-clock figures; the two halves of each pair are measured
in the same run).

    python bench/load.py [--articles 20000] [--minutes 1] [--keep DIR] [--json]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

import httpx
import psutil
import typer
from lxml import html as lxml_html
from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.eval.newsserver import NewsServer, Reply, SavedPage, load_pages
from tidings.store import Store
from web import DEFAULT_DATA, PLACES, SECTIONS, TAG_COUNT, fill, free_port, load_texts

SRC = Path(__file__).resolve().parents[1] / "src"
FEED_PAGES = 30  # pages in each generation of the loopback feed
FRESH_PAGE = re.compile(r"/articles/g(\d+)-(\w+)\.html")
WORD = re.compile(r"\S+")
NEVER_DUE = (
    "UPDATE sources SET next_check_at = '9999-12-31 00:00:00.000000' WHERE url LIKE '%.example/%'"
)


class FreshNews(NewsServer):
    """The loopback news site, but every feed request links to a new generation of pages."""

    def __init__(self, pages: list[SavedPage]) -> None:
        super().__init__(pages)
        # Generations count on from the clock, so that a kept database (--keep) holds
        # none of this run's pages yet.
        self.generation = int(time.time()) * 1000
        self._lock = threading.Lock()

    def rss(self, pages: list[SavedPage]) -> bytes:
        with self._lock:
            self.generation += 1
            return super().rss(pages)

    def article_url(self, page: SavedPage) -> str:
        return self.url(f"/articles/g{self.generation}-{page.id}.html")

    def _route(self, path: str) -> Reply:
        fresh = FRESH_PAGE.fullmatch(path)
        page = self.pages.get(fresh.group(2)) if fresh else None
        if fresh is None or page is None:
            return super()._route(path)
        return Reply(200, "text/html; charset=utf-8", reworded(page.html, int(fresh.group(1))))


def reworded(content: bytes, generation: int) -> bytes:
    """The page with the words of each paragraph shuffled (the same words, the same markup):
    as costly to read as the original, but few word 3-shingles in common with it."""
    tree = lxml_html.document_fromstring(content)
    rng = random.Random(generation)
    for paragraph in tree.iter("p"):
        for node in paragraph.iter():
            if node.text:
                node.text = _shuffled(node.text, rng)
            if node.tail and node is not paragraph:
                node.tail = _shuffled(node.tail, rng)
    return lxml_html.tostring(tree, encoding="utf-8")


def _shuffled(text: str, rng: random.Random) -> str:
    words = WORD.findall(text)
    rng.shuffle(words)
    return " ".join(words)


def serve_news(data: Path, port: multiprocessing.Queue[str]) -> None:
    """Run the news site until terminated (its own process: the load generator's
    work must not slow the pages the writer fetches)."""
    news = FreshNews(load_pages(data / "article_extraction_aeb", FEED_PAGES))
    port.put(news.url("/all.xml"))
    with news:
        while True:
            time.sleep(3600)


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        "TIDINGS_ALLOW_PRIVATE_NETWORKS": "1",
        "TIDINGS_PER_HOST_DELAY": "0",
        "TIDINGS_PER_HOST_CONCURRENCY": "8",
        "TIDINGS_RATE_LIMIT_PER_MINUTE": "0",
        "TIDINGS_REFRESH_INTERVAL": "1",
        "TIDINGS_MIN_CHECK_INTERVAL": "0",
        "TIDINGS_MAX_CHECK_INTERVAL": "0",
    }


def prepare(data_dir: Path, articles: int, data: Path, console: Console) -> int:
    """Fill the database unless it is there; returns the number of articles in it."""
    db = data_dir / "tidings.db"
    if not db.exists():
        Store.open(Settings(data_dir=data_dir)).close()
        fill(db, articles, load_texts(data), console)
    with sqlite3.connect(db, timeout=60) as connection:
        connection.execute(NEVER_DUE)
        return connection.execute("SELECT max(id) FROM articles").fetchone()[0]


def stored_since(db: Path, last_id: int) -> int:
    """Articles stored after article ``last_id`` (a range scan on the primary key)."""
    with sqlite3.connect(db, timeout=60) as connection:
        query = "SELECT count(*) FROM articles WHERE id > ?"
        return connection.execute(query, (last_id,)).fetchone()[0]


def paths(articles: int, rng: random.Random) -> str:
    n = rng.randint(1, articles)
    tag = PLACES[n % len(PLACES)] if n % 4 == 0 else f"topic{int(TAG_COUNT ** rng.random())}"
    section = SECTIONS[n % len(SECTIONS)]
    source = n % 200 + 1
    choices = [
        "/", "/api/", f"/tag/{tag}", f"/api/tag/{tag}", f"/section/{section}",
        f"/api/section/{section}", f"/source/{source}", f"/api/source/{source}",
        f"/article/{n}", f"/api/article/{n}",
    ]  # fmt: skip
    return rng.choice(choices)


async def hammer(base: str, articles: int, seconds: float, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        rng = random.Random(number)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                path = paths(articles, rng)
                started = time.monotonic()
                try:
                    response = await http.get(path)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {path}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path}")
                latencies.append(time.monotonic() - started)

    started = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(concurrency)))
    took = time.monotonic() - started
    if errors:
        Console(stderr=True).print("errors:", Counter(errors).most_common(10))
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / took, 1),
        "errors": len(errors),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "p99_ms": round(quantiles[98] * 1000, 1),
    }


def wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):
        if server.poll() is not None:
            raise RuntimeError("tidings run exited")
        try:
            if httpx.get(base + "/api/", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("tidings run did not answer")


def wait_for_writer(db: Path, last_id: int) -> None:
    """Until the refresh loop stores its first article (its first crawl starts its workers)."""
    deadline = time.monotonic() + 600
    while stored_since(db, last_id) == 0:
        if time.monotonic() > deadline:
            raise RuntimeError("the refresh loop stored nothing in 10 minutes")
        time.sleep(0.2)


def measured(
    db: Path, last_id: int, server_pid: int, work: Callable[[], dict[str, float]]
) -> dict[str, float]:
    """``work``'s figures, with the articles stored per second and the CPU cores used
    by the site and by the refresh loop meanwhile."""
    stored, cpu, started = stored_since(db, last_id), cpu_seconds(server_pid), time.monotonic()
    figures = work()
    took = time.monotonic() - started
    after = cpu_seconds(server_pid)
    return {
        **figures,
        "writer_articles_per_s": round((stored_since(db, last_id) - stored) / took, 2),
        "site_cores": round((after[0] - cpu[0]) / took, 2),
        "refresh_cores": round((after[1] - cpu[1]) / took, 2),
    }


def cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the site (the server's own process) and by its refresh
    loop (every process under it: the loop and its extraction workers)."""
    server = psutil.Process(server_pid)
    refresh = 0.0
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            refresh += sum(child.cpu_times()[:2])
    return sum(server.cpu_times()[:2]), refresh


def measure_phases(
    base: str,
    db: Path,
    last_id: int,
    server_pid: int,
    seconds: float,
    concurrency: int,
    news_feed: Callable[[], str],
) -> dict[str, dict[str, float]]:
    """Readers only, then the writer only (subscribed to ``news_feed``), then both."""

    def readers() -> dict[str, float]:
        return asyncio.run(hammer(base, last_id, seconds, concurrency))

    def idle() -> dict[str, float]:
        time.sleep(seconds)
        return {}

    phases = {"readers_only": measured(db, last_id, server_pid, readers)}
    Store.open(Settings(data_dir=db.parent)).sources.add(news_feed())
    wait_for_writer(db, last_id)
    phases["writer_only"] = measured(db, last_id, server_pid, idle)
    phases["both"] = measured(db, last_id, server_pid, readers)
    return phases


def run(
    data: Path, articles: int, keep: Path | None, seconds: float, concurrency: int
) -> dict[str, float]:
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = keep or Path(tmp)
        last_id = prepare(data_dir, articles, data, console)
        db = data_dir / "tidings.db"
        context = multiprocessing.get_context("fork")
        urls: multiprocessing.Queue[str] = context.Queue()
        news = context.Process(target=serve_news, args=(data, urls), daemon=True)
        news.start()
        port = free_port()
        command = [sys.executable, "-m", "tidings.cli", "run", "--data-dir", str(data_dir)]
        server = subprocess.Popen(  # its console goes to stderr: stdout is for the JSON
            [*command, "--port", str(port)], env=environment(), stdout=sys.stderr
        )
        load_before = os.getloadavg()[0]
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base, server)
            phases = measure_phases(
                base, db, last_id, server.pid, seconds, concurrency, partial(urls.get, timeout=120)
            )
        finally:
            server.terminate()
            server.wait()
            news.terminate()
        return {
            **{
                f"{name}_{phase}": value
                for phase, got in phases.items()
                for name, value in got.items()
            },
            "articles": last_id,
            "load_average_before": round(load_before, 1),
            "load_average_after": round(os.getloadavg()[0], 1),
        }


def main(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = DEFAULT_DATA,
    articles: Annotated[int, typer.Option(help="Articles in a new database.")] = 20_000,
    keep: Annotated[
        Path | None, typer.Option(help="Keep (or reuse) the database in this folder.")
    ] = None,
    minutes: Annotated[float, typer.Option(help="Length of each of the three phases.")] = 1.0,
    concurrency: Annotated[int, typer.Option(help="Clients in flight.")] = 16,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    metrics = run(data, articles, keep, minutes * 60, concurrency)
    if as_json:
        print(json.dumps({"tidings": metrics}))
        return
    table = Table("metric", "value")
    for name, value in metrics.items():
        table.add_row(name, str(value))
    Console().print(table)


if __name__ == "__main__":
    typer.run(main)
