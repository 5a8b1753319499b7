"""Faults: hostile sources, a full disk and a read-only database.

A crawl over sources that hang, reset the connection, answer 500 or change
their feed on every request carries on and records each source's health. A
full disk or a read-only database gives a plain CLI error (exit 1, no
traceback), leaves an intact database, and the site keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.ingest.hostile import send
from tidings.cli import app
from tidings.config import Settings
from tidings.crawl import Crawler
from tidings.pipeline import Pipeline
from tidings.store import Store
from tidings.web.app import create_app

SRC = Path(__file__).resolve().parents[2] / "src"
BODY = (
    "The council approved the new budget for the harbour on Tuesday evening after a long"
    " debate about ferries, bridges and the price of parking near the old market. "
)


def own_words(n: int) -> str:
    """Words only story ``n`` has: the stories must not be near-duplicates of each other."""
    return " ".join(f"word{n}x{i}" for i in range(60))


class HostileSite:
    """A loopback server whose paths misbehave in one way each."""

    def __init__(self, stall: float) -> None:
        self.stall = stall
        self.shifts = count()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def feed(self, numbers: list[int]) -> bytes:
        items = "".join(
            f"<item><title>Story {n}</title><link>{self.url(f'/story/{n}')}</link>"
            f"<description>{BODY * 3} Number {n}. {own_words(n)}</description></item>"
            for n in numbers
        )
        return (
            f'<rss version="2.0"><channel><title>Shifting</title>{items}</channel></rss>'.encode()
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/stall":
                    time.sleep(site.stall)
                    return
                if self.path == "/reset":  # RST instead of an answer
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.connection.close()
                    return
                if self.path == "/error":
                    self.send_error(500)
                    return
                shift = next(site.shifts)
                body = site.feed([shift * 2, shift * 2 + 1]) if self.path == "/shifting" else b""
                send(self, 200 if body else 404, body, Content_Type="application/rss+xml")

            def log_message(self, *args: object) -> None:
                return

        return Handler

    def __enter__(self) -> HostileSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_crawl_carries_on_past_hostile_sources_and_records_their_health(
    tmp_path: Path,
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        allow_private_networks=True,
        per_host_delay=0,
        read_timeout=1.0,
        connect_timeout=1.0,
        fetch_article_pages=False,
    )
    store = Store.open(settings)
    with HostileSite(stall=5.0) as site:
        for path in ("/stall", "/reset", "/error", "/shifting"):
            store.sources.add(site.url(path))
        crawler = Crawler(settings, Pipeline(store, None))
        try:
            started = time.monotonic()
            first = asyncio.run(crawler.crawl(store.sources.list()))
            second = asyncio.run(crawler.crawl(store.sources.list()))
            elapsed = time.monotonic() - started
        finally:
            crawler.close()
    assert elapsed < 10  # the stalled source cost its timeout, not the stall
    assert (first.sources_ok, first.sources_failed) == (1, 3)
    assert (second.sources_ok, second.sources_failed) == (1, 3)
    assert first.new == 2 and second.new == 2  # each shifted feed brought new stories
    health = {s.url.rsplit("/", 1)[1]: s for s in store.sources.list()}
    assert "timed out" in health["stall"].last_error
    assert "connect" in health["reset"].last_error or "closed" in health["reset"].last_error
    assert "HTTP 500" in health["error"].last_error
    assert [health[n].error_count for n in ("stall", "reset", "error")] == [2, 2, 2]
    assert health["shifting"].last_error is None

    listed = CliRunner().invoke(app, ["sources", "list", "--json", "--data-dir", str(tmp_path)])
    errors = {row["url"].rsplit("/", 1)[1]: row["error"] for row in json.loads(listed.stdout)}
    assert errors["error"].startswith("HTTP 500") and errors["shifting"] is None
    api = TestClient(create_app(settings, store)).get(f"/api/source/{health['error'].id}")
    assert api.json()["source"]["error_count"] == 2


def tidings_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, so the top-level error handling is what is tested."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "tidings.cli", *args, "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_archive(path: Path, records: int, words: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(records):
            text = f"{BODY} Record {n}. " + " ".join(f"word{n}x{i}" for i in range(words))
            handle.write(
                json.dumps({"url": f"https://example.com/{n}", "title": f"T{n}", "text": text})
            )
            handle.write("\n")
    return path


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@contextlib.contextmanager
def tiny_filesystem(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (needs root): where a full disk can really happen."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_a_plain_error_and_the_site_keeps_serving(tmp_path: Path) -> None:
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    with tiny_filesystem(tmp_path / "disk", "1m") as disk:
        data_dir = disk / "data"
        small = write_archive(tmp_path / "small.jsonl", 3, 20)
        assert tidings_process(data_dir, "ingest", str(small), "--no-enrich").returncode == 0
        big = write_archive(tmp_path / "big.jsonl", 400, 400)
        failed = tidings_process(data_dir, "ingest", str(big), "--no-enrich")
        assert failed.returncode == 1
        assert "disk holding the database is full" in failed.stderr
        assert "Traceback" not in failed.stderr + failed.stdout
        assert integrity(data_dir / "tidings.db") == "ok"
        web = TestClient(create_app(Settings(data_dir=data_dir)))
        assert web.get("/").status_code == 200
        assert web.get("/api/article/1").json()["title"] == "T0"


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file made read-only: mode bits for users, the immutable flag for root."""
    path.chmod(0o444)
    as_root = os.geteuid() == 0
    if as_root and subprocess.run(["chattr", "+i", str(path)], check=False).returncode != 0:
        path.chmod(0o644)
        pytest.skip("root cannot make a file read-only here (no chattr)")
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o644)


def test_a_read_only_database_is_a_plain_error_and_pages_still_render(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "records.jsonl", 3, 20)
    assert tidings_process(tmp_path, "ingest", str(archive), "--no-enrich").returncode == 0
    more = write_archive(tmp_path / "more.jsonl", 6, 30)
    with read_only(tmp_path / "tidings.db"):
        for args in (
            ["ingest", str(more), "--no-enrich"],
            ["sources", "add", "https://a.example/f"],
        ):
            failed = tidings_process(tmp_path, *args)
            assert failed.returncode == 1, failed.stdout
            assert "read-only" in failed.stderr
            assert "Traceback" not in failed.stderr + failed.stdout
        web = TestClient(create_app(Settings(data_dir=tmp_path)))
        assert web.get("/").status_code == 200
        assert "T2" in web.get("/article/3").text
        doctor = tidings_process(tmp_path, "doctor")
        assert doctor.returncode == 1 and "read-only" in doctor.stdout
    assert integrity(tmp_path / "tidings.db") == "ok"
