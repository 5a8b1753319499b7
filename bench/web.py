"""Page speed at scale: home, tag, search and article pages over loopback, beside
nginx serving a static copy of the same tag page (the physical reference).

    python bench/web.py [--articles 1000000] [--data ../shared/data] [--json]

The database is filled with plain SQL (executemany, one transaction per batch)
reusing the BBC texts of the shared data, with a long-tailed tag distribution
(a few tags on tens of thousands of articles, most on a handful), 14 months of
dates, sections, languages and 200 sources. The app runs in its own process
(uvicorn, one worker); the load generator keeps a bounded number of requests
in flight and times each one.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import quantiles
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SECTIONS = [
    "politics",
    "business",
    "sport",
    "science-technology",
    "health",
    "conflict",
    "arts-culture",
    "environment",
    "crime-justice",
    "lifestyle",
    "society",
]
LANGUAGES = ["en"] * 14 + ["fr", "fr", "es", "de", "ar", "pt"]
PLACES = ["Azerbaijan", "Russia", "France", "UnitedStates", "China", "Brazil", "India", "Egypt"]
SEARCH_WORDS = [
    "election",
    "profits",
    "minister",
    "champion",
    "software",
    "film",
    "growth",
    "Greenspan",
    "mobile phone",
    "police",
    '"economic growth"',
    "court ruling",
]
TAG_COUNT = 5000
BATCH = 20_000
DATE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # as SQLAlchemy stores datetimes in SQLite
INSERT_SOURCE = """INSERT INTO sources
    (id, url, kind, title, created_at, error_count, broken, last_success_at)
    VALUES (?, ?, 'feed', ?, ?, 0, 0, ?)"""
INSERT_ARTICLE = """INSERT INTO articles
    (id, url, source_id, title, text, language, published_at, first_seen_at, listed_at,
     updated_at, section, content_hash, publisher_keywords, alternate_urls, previous_hashes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '[]')"""
INSERT_LINK = """INSERT INTO article_tags (article_id, tag_id, rank, score, evidence)
    VALUES (?, ?, ?, ?, ?)"""


def load_texts(data: Path) -> list[tuple[str, str]]:
    path = data / "news_category_bbc" / "articles.jsonl.gz"
    if not path.is_file():
        raise typer.BadParameter(f"{path} not found: the bench reuses these texts")
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    return [(r["title"], r["text"]) for r in map(json.loads, lines)]


def tag_rows() -> list[tuple[int, str, str, str]]:
    rows = [(1, "diplomaticConflict", "Diplomatic conflict", "concept")]
    rows += [(i + 2, slug, slug, "place") for i, slug in enumerate(PLACES)]
    start = len(rows) + 1
    rows += [
        (start + i, f"topic{i}", f"Topic {i}", "concept") for i in range(TAG_COUNT - len(rows))
    ]
    return rows


def pick_tags(rng: random.Random) -> set[int]:
    """3-5 tags, long-tailed: tag k is picked with weight ~ 1/k."""
    chosen = {2 + int(rng.random() * len(PLACES))} if rng.random() < 0.6 else set()
    if rng.random() < 0.05:
        chosen.add(1)
    while len(chosen) < rng.randint(3, 5):
        chosen.add(min(int(TAG_COUNT ** rng.random()), TAG_COUNT))
    return chosen


def fill(db: Path, articles: int, texts: list[tuple[str, str]], console: Console) -> None:
    """Write ``articles`` rows (with tags and the FTS index, via its triggers)."""
    rng = random.Random(20251129)
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.strftime(DATE_FORMAT)
    connection.executemany(
        INSERT_SOURCE,
        [
            (i, f"https://publisher{i}.example/feed.xml", f"Publisher {i}", stamp, stamp)
            for i in range(1, 201)
        ],
    )
    connection.executemany(
        "INSERT INTO tags (id, slug, display, kind) VALUES (?, ?, ?, ?)", tag_rows()
    )
    span = timedelta(days=420).total_seconds()
    started = time.monotonic()
    for first in range(1, articles + 1, BATCH):
        rows, links = [], []
        for id_ in range(first, min(first + BATCH, articles + 1)):
            title, text = texts[id_ % len(texts)]
            moment = now - timedelta(seconds=span * (1 - id_ / articles) + rng.random() * 3600)
            iso = moment.strftime(DATE_FORMAT)
            rows.append(
                (
                    id_,
                    f"https://publisher.example/a/{id_}",
                    rng.randint(1, 200),
                    f"{title} ({id_})",
                    text,
                    rng.choice(LANGUAGES),
                    iso,
                    iso,
                    iso,
                    iso,
                    rng.choice(SECTIONS),
                    f"{id_:064x}",
                )
            )
            links += [
                (id_, tag, rank, 0.5, "evidence sentence")
                for rank, tag in enumerate(pick_tags(rng))
            ]
        connection.executemany(
            INSERT_ARTICLE,
            rows,
        )
        connection.executemany(
            INSERT_LINK,
            links,
        )
        connection.commit()
        done = min(first + BATCH - 1, articles)
        console.log(f"{done:,} articles in {time.monotonic() - started:.0f} s", end="\r")
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start_app(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from pathlib import Path; from tidings.config import Settings;"
        "from tidings.web.app import create_app;"
        # One load generator is one client: the per-client rate limit is off here.
        f"settings = Settings(data_dir=Path({str(data_dir)!r}), rate_limit_per_minute=0);"
        f"uvicorn.run(create_app(settings), host='127.0.0.1', port={port},"
        " log_level='warning', access_log=False)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def nginx_binary() -> str:
    """The reference server, looked for before the long run that ends with it."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise typer.BadParameter("nginx not found: apt-get install -y nginx")
    return binary


def start_nginx(binary: str, root: Path, page: bytes, port: int) -> subprocess.Popen[bytes]:
    (root / "html").mkdir(parents=True)
    (root / "html" / "tag.html").write_bytes(page)
    (root / "nginx.conf").write_text(
        f"""daemon off; worker_processes 1; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {root}; proxy_temp_path {root};
  fastcgi_temp_path {root}; uwsgi_temp_path {root}; scgi_temp_path {root};
  server {{ listen 127.0.0.1:{port}; root {root}/html; default_type text/html; }} }}
"""
    )
    return subprocess.Popen([binary, "-c", str(root / "nginx.conf"), "-p", str(root)])


async def measure(urls: list[str], concurrency: int) -> dict[str, float]:
    """Requests/s and latency percentiles for ``urls``, ``concurrency`` in flight."""
    latencies: list[float] = []
    queue = list(reversed(urls))
    failures = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while queue:
            url = queue.pop()
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append(time.perf_counter() - started)
            failures += response.status_code != 200

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    cuts = quantiles(latencies, n=100)
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "errors": failures,
    }


def page_urls(base: str, articles: int, requests: int, rng: random.Random) -> dict[str, list[str]]:
    big_tags = ["diplomaticConflict", *PLACES[:3], "topic3", "topic10"]
    other_tags = [f"topic{int(TAG_COUNT ** rng.random())}" for _ in range(200)]
    return {
        "home": [f"{base}/" for _ in range(requests)],
        "tag": [f"{base}/tag/{rng.choice(big_tags + other_tags)}" for _ in range(requests)],
        "search": [f"{base}/search?q={rng.choice(SEARCH_WORDS)}" for _ in range(requests)],
        "article": [f"{base}/article/{rng.randint(1, articles)}" for _ in range(requests)],
    }


def run(
    articles: int, data: Path, requests: int, concurrency: int, keep: Path | None, console: Console
) -> dict[str, dict[str, float]]:
    binary = nginx_binary()
    work = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    data_dir = keep or work / "data"
    db = data_dir / "tidings.db"
    fresh = not db.exists()
    Store.open(Settings(data_dir=data_dir)).close()  # schema (or its upgrade) via the migrations
    if fresh:
        started = time.monotonic()
        fill(db, articles, load_texts(data), console)
        console.log(f"filled {articles:,} articles in {time.monotonic() - started:.0f} s")
    app_port, nginx_port = free_port(), free_port()
    app = start_app(data_dir, app_port)
    nginx = None
    try:
        base = f"http://127.0.0.1:{app_port}"
        wait_until_up(base + "/")
        rng = random.Random(7)
        urls = page_urls(base, articles, requests, rng)
        for name in urls:  # warm the page cache once, as a running site is
            asyncio.run(measure(urls[name][:20], 2))
        results = {name: asyncio.run(measure(batch, concurrency)) for name, batch in urls.items()}
        page = httpx.get(f"{base}/tag/diplomaticConflict").content
        nginx = start_nginx(binary, work / "nginx", page, nginx_port)
        static = f"http://127.0.0.1:{nginx_port}/tag.html"
        wait_until_up(static)
        reference = asyncio.run(measure([static] * requests, concurrency))
    finally:
        for process in (app, nginx):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    tidings = {
        f"{page}_{metric}": value
        for page, figures in results.items()
        for metric, value in figures.items()
    }
    tidings["articles"] = articles
    return {"tidings": tidings, "nginx": {f"tag_{k}": v for k, v in reference.items()}}


def main(
    articles: Annotated[int, typer.Option(help="articles in the database")] = 1_000_000,
    data: Annotated[Path, typer.Option(help="the shared data folder")] = DEFAULT_DATA,
    requests: Annotated[int, typer.Option(help="requests per page")] = 400,
    concurrency: Annotated[int, typer.Option(help="requests in flight")] = 8,
    keep: Annotated[
        Path | None, typer.Option(help="keep (or reuse) the database in this folder")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    console = Console(stderr=True)
    figures = run(articles, data, requests, concurrency, keep, console)
    if as_json:
        print(json.dumps(figures))
        return
    table = Table(title=f"Pages at {articles:,} articles, {concurrency} requests in flight")
    for column in ("system", "page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"):
        table.add_column(column)
    rows = [("tidings", p) for p in ("home", "tag", "search", "article")] + [("nginx", "tag")]
    for system, page in rows:
        f = figures[system]
        table.add_row(
            system,
            page,
            *(
                str(f[f"{page}_{m}"])
                for m in ("requests_per_s", "p50_ms", "p95_ms", "p99_ms", "errors")
            ),
        )
    Console().print(table)


if __name__ == "__main__":
    typer.run(main)
