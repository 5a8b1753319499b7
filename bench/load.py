"""Load the site on a large database while a crawl writes to it.

1. Fill a database with ``--articles`` synthetic articles (plain SQL, FTS
   triggers included) spread over tags, sections and sources.
2. Serve it with ``tidings serve`` (rate limit off: the load comes from one
   address) and measure the crawl writer alone: ``tidings crawl`` in a loop
   against a loopback news site whose feed links to fresh URLs every time.
3. Run the load (``--concurrency`` asyncio clients, httpx, for ``--minutes``)
   over home, tag, section, source and article pages and their JSON twins,
   first without the writer, then while it keeps crawling. Report requests/s,
   p50/p95/p99 latency and errors of both, and the writer's articles/s under
   load beside its rate alone: readers not blocked, writer not starved.

    python bench/load.py [--articles 20000] [--minutes 1] [--json]
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.eval.newsserver import NewsServer, SavedPage, load_pages
from tidings.store import Store

SECTIONS = ["politics", "business", "sport", "health", "science-technology", "world"]
WORDS = [
    "government", "minister", "election", "market", "bank", "shares", "football", "match",
    "hospital", "vaccine", "climate", "energy", "border", "talks", "ceasefire", "court",
    "ruling", "budget", "inflation", "police", "storm", "research", "space",
]  # fmt: skip
SRC = Path(__file__).resolve().parents[1] / "src"


class FreshNews(NewsServer):
    """The loopback news site, but every feed request links to a new generation of URLs."""

    def __init__(self, pages: list[SavedPage]) -> None:
        super().__init__(pages)
        self.generation = 0
        self._lock = threading.Lock()

    def rss(self, pages: list[SavedPage]) -> bytes:
        with self._lock:
            self.generation += 1
        return super().rss(pages)

    def article_url(self, page: SavedPage) -> str:
        return f"{super().article_url(page)}?generation={self.generation}"


def fill(db: Path, articles: int, seed: int = 5) -> None:
    """Insert ``articles`` rows with 3-6 tags each; one transaction, FTS kept in step."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    with sqlite3.connect(db) as connection:
        connection.executemany(
            "INSERT INTO sources (url, kind, title, created_at, error_count, broken)"
            " VALUES (?, 'feed', ?, ?, 0, 0)",
            [(f"https://publisher{n}.example/feed.xml", f"Publisher {n}", now) for n in range(50)],
        )
        connection.executemany(
            "INSERT INTO tags (slug, display, kind) VALUES (?, ?, 'concept')",
            [(f"topic{n}", f"Topic {n}") for n in range(300)],
        )
        rows, links = [], []
        for n in range(1, articles + 1):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 600)))
            when = now - timedelta(minutes=n)
            digest = hashlib.sha256(text.encode()).hexdigest()
            rows.append(
                (n, f"https://publisher{n % 50}.example/news/{n}", n % 50 + 1, f"Story {n}",
                 text, text[:200], "en", when, when, when, rng.choice(SECTIONS), digest)
            )  # fmt: skip
            for rank, tag in enumerate(rng.sample(range(1, 301), rng.randint(3, 6))):
                links.append((n, tag, rank, 0.5, "mentioned in the text"))
        connection.executemany(
            "INSERT INTO articles (id, url, source_id, title, text, summary, language,"
            " published_at, first_seen_at, updated_at, section, content_hash,"
            " publisher_keywords, alternate_urls, previous_hashes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '[]')",
            rows,
        )
        connection.executemany(
            "INSERT INTO article_tags (article_id, tag_id, rank, score, evidence)"
            " VALUES (?, ?, ?, ?, ?)",
            links,
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        "TIDINGS_ALLOW_PRIVATE_NETWORKS": "1",
        "TIDINGS_PER_HOST_DELAY": "0",
        "TIDINGS_PER_HOST_CONCURRENCY": "8",
        "TIDINGS_RATE_LIMIT_PER_MINUTE": "0",
    }


def tidings(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tidings.cli", *args, "--data-dir", str(data_dir)]


def article_count(db: Path) -> int:
    with sqlite3.connect(db, timeout=60) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


class Writer:
    """``tidings crawl`` again and again until stopped; counts what it stored."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.failures = 0

    def _loop(self) -> None:
        while not self._stop.is_set():
            done = subprocess.run(
                tidings(self.data_dir, "crawl", "--all", "--json"),
                env=environment(),
                capture_output=True,
                check=False,
            )
            self.failures += done.returncode != 0

    def measure(self, seconds: float) -> float:
        """Articles per second stored over ``seconds``, from the first one it stores."""
        db = self.data_dir / "tidings.db"
        first = article_count(db)
        while article_count(db) == first and not self._stop.wait(0.2):
            pass
        before, started = article_count(db), time.monotonic()
        time.sleep(seconds)
        return (article_count(db) - before) / (time.monotonic() - started)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def paths(articles: int, rng: random.Random) -> str:
    n = rng.randint(1, articles)
    choices = [
        "/", "/api/", f"/tag/topic{n % 300}", f"/api/tag/topic{n % 300}",
        f"/section/{SECTIONS[n % len(SECTIONS)]}", f"/api/section/{SECTIONS[n % len(SECTIONS)]}",
        f"/source/{n % 50 + 1}", f"/api/source/{n % 50 + 1}", f"/article/{n}", f"/api/article/{n}",
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
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError("tidings serve exited")
        try:
            if httpx.get(base + "/api/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("tidings serve did not answer")


def run(data: Path, articles: int, seconds: float, concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FreshNews(load_pages(data, 30)) as news:
        data_dir = Path(tmp)
        Store.open(Settings(data_dir=data_dir)).sources.add(news.url("/all.xml"))
        started = time.monotonic()
        fill(data_dir / "tidings.db", articles)
        fill_seconds = time.monotonic() - started
        port = free_port()
        server = subprocess.Popen(
            tidings(data_dir, "serve", "--port", str(port)), env=environment()
        )
        writer = Writer(data_dir)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base, server)
            readers_alone = asyncio.run(hammer(base, articles, seconds, concurrency))
            writer.start()
            alone = writer.measure(seconds)
            before, load_started = article_count(data_dir / "tidings.db"), time.monotonic()
            loaded = asyncio.run(hammer(base, articles, seconds, concurrency))
            stored = article_count(data_dir / "tidings.db") - before
            with_load = round(stored / (time.monotonic() - load_started), 2)
        finally:
            writer.stop()
            server.terminate()
            server.wait()
        return {
            **loaded,
            **{f"{name}_without_writer": value for name, value in readers_alone.items()},
            "articles": articles,
            "fill_seconds": round(fill_seconds, 1),
            "writer_articles_per_s_alone": round(alone, 2),
            "writer_articles_per_s_under_load": with_load,
            "writer_failures": writer.failures,
        }


def main(
    data: Annotated[Path, typer.Option(help="An article_extraction_aeb folder.")] = Path(
        "/work/shared/data/article_extraction_aeb"
    ),
    articles: Annotated[int, typer.Option(help="Articles in the database.")] = 20_000,
    minutes: Annotated[
        float, typer.Option(help="Length of the load (and of the solo writer).")
    ] = 1.0,
    concurrency: Annotated[int, typer.Option(help="Clients in flight.")] = 16,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    metrics = run(data, articles, minutes * 60, concurrency)
    if as_json:
        print(json.dumps({"tidings": metrics}))
        return
    table = Table("metric", "value")
    for name, value in metrics.items():
        table.add_row(name, str(value))
    Console().print(table)


if __name__ == "__main__":
    typer.run(main)
