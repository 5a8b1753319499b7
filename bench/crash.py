"""Kill -9 a crawl again and again; the database must end as if nothing happened.

A loopback news site (``tidings.eval.newsserver``, the AEB pages) is crawled
once without interruption (the reference). A second database is crawled by a
``tidings crawl`` subprocess that is killed with SIGKILL shortly after it has
stored something new (so every kill lands while articles are being written),
then restarted, ``--kills`` times, and finally crawled to the end. Both
databases must hold the same URLs with the same content hashes and tag sets,
no URL twice, and pass ``PRAGMA integrity_check``.

    python bench/crash.py --data /work/shared/data/article_extraction_aeb [--kills 20] [--json]
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tidings.eval.newsserver import NewsServer, load_pages

Snapshot = dict[str, tuple[str, frozenset[str]]]  # url -> (content hash, tag slugs)
CRAWL_TIMEOUT = 600.0


@dataclass
class CrashReport:
    kills: int = 0
    stored_at_kills: list[int] = field(default_factory=list)
    reference_articles: int = 0
    final_articles: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    duplicates: int = 0
    integrity: str = ""

    @property
    def identical(self) -> bool:
        return not (self.missing or self.extra or self.different or self.duplicates)

    def metrics(self) -> dict[str, float]:
        return {
            "kills": self.kills,
            "articles": self.final_articles,
            "reference_articles": self.reference_articles,
            "missing": len(self.missing),
            "extra": len(self.extra),
            "different": len(self.different),
            "duplicates": self.duplicates,
            "integrity_ok": float(self.integrity == "ok"),
            "identical": float(self.identical),
        }


def tidings_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tidings.cli", *args, "--data-dir", str(data_dir)]


def crawl_env(extract_processes: int = 0) -> dict[str, str]:
    """The subprocess environment: loopback allowed, no politeness delay, our sources,
    ``extract_processes`` extraction workers (0: one per core; 1: on the writer thread,
    which saves the seconds of starting workers in each of the many short crawls)."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PYTHONPATH": path,
        "TIDINGS_ALLOW_PRIVATE_NETWORKS": "1",
        "TIDINGS_PER_HOST_DELAY": "0",
        "TIDINGS_EXTRACT_PROCESSES": str(extract_processes),
    }


def follow(data_dir: Path, feed_url: str) -> None:
    subprocess.run(
        tidings_command(data_dir, "sources", "add", feed_url),
        env=crawl_env(),
        check=True,
        capture_output=True,
        timeout=CRAWL_TIMEOUT,
    )


def crawl_to_end(data_dir: Path, extract_processes: int = 0) -> None:
    subprocess.run(
        tidings_command(data_dir, "crawl", "--all", "--json"),
        env=crawl_env(extract_processes),
        check=True,
        capture_output=True,
        timeout=CRAWL_TIMEOUT,
    )


def stored_count(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def kill_while_writing(
    data_dir: Path, rng: random.Random, max_delay: float, extract_processes: int = 0
) -> tuple[int, bool]:
    """Start a crawl, wait until it stores a new article, then SIGKILL it soon after.

    Returns the articles stored after the kill, and whether the kill landed
    (a crawl with nothing left to store ends by itself)."""
    db = data_dir / "tidings.db"
    before = stored_count(db)
    process = subprocess.Popen(
        tidings_command(data_dir, "crawl", "--all", "--json"),
        env=crawl_env(extract_processes),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + CRAWL_TIMEOUT
    while process.poll() is None and stored_count(db) == before:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    time.sleep(rng.uniform(0.0, max_delay))
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return stored_count(db), killed


def snapshot(db: Path) -> tuple[Snapshot, int]:
    """Each article's hash and tags, and how many URLs appear more than once."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.url, a.content_hash, group_concat(t.slug, ' ') FROM articles a"
            " LEFT JOIN article_tags at ON at.article_id = a.id"
            " LEFT JOIN tags t ON t.id = at.tag_id GROUP BY a.id"
        ).fetchall()
    found: Snapshot = {}
    for url, digest, slugs in rows:
        found[url] = (digest, frozenset((slugs or "").split()))
    return found, len(rows) - len(found)


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def compare(reference: Path, crashed: Path, report: CrashReport) -> None:
    want, _ = snapshot(reference / "tidings.db")
    got, report.duplicates = snapshot(crashed / "tidings.db")
    report.reference_articles, report.final_articles = len(want), len(got)
    report.missing = sorted(set(want) - set(got))
    report.extra = sorted(set(got) - set(want))
    report.different = sorted(url for url in set(want) & set(got) if want[url] != got[url])
    report.integrity = integrity(crashed / "tidings.db")


def run(
    data: Path,
    kills: int = 20,
    pages: int = 60,
    seed: int = 8,
    max_delay: float = 1.5,
    extract_processes: int = 0,
) -> CrashReport:
    """The whole experiment in a temporary folder; returns what it found."""
    rng = random.Random(seed)
    report = CrashReport()
    with NewsServer(load_pages(data, pages)) as site, tempfile.TemporaryDirectory() as tmp:
        reference, crashed = Path(tmp, "reference"), Path(tmp, "crashed")
        for folder in (reference, crashed):
            follow(folder, site.url("/all.xml"))
        crawl_to_end(reference, extract_processes)
        for _ in range(kills):
            stored, killed = kill_while_writing(crashed, rng, max_delay, extract_processes)
            report.stored_at_kills.append(stored)
            report.kills += killed
        crawl_to_end(crashed, extract_processes)
        compare(reference, crashed, report)
    return report


def main(
    data: Annotated[Path, typer.Option(help="An article_extraction_aeb folder.")] = Path(
        "/work/shared/data/article_extraction_aeb"
    ),
    kills: Annotated[int, typer.Option(help="SIGKILLs before the final crawl.")] = 20,
    pages: Annotated[int, typer.Option(help="Pages the loopback site publishes.")] = 60,
    seed: Annotated[int, typer.Option(help="Seed of the kill delays.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    started = time.monotonic()
    report = run(data, kills, pages, seed)
    metrics = {**report.metrics(), "seconds": round(time.monotonic() - started, 1)}
    if as_json:
        print(json.dumps({"tidings": metrics}))
    else:
        table = Table("metric", "value")
        for name, value in metrics.items():
            table.add_row(name, str(value))
        console = Console()
        console.print(table)
        console.print(f"articles stored when each kill landed: {report.stored_at_kills}")
        for name in ("missing", "extra", "different"):
            for url in getattr(report, name)[:10]:
                console.print(f"  {name}: {url}")
    if not report.identical or report.integrity != "ok":
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
