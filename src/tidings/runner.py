"""``tidings run``: the web site plus a background loop that keeps sources fresh.

The loop runs in a process of its own, not a thread of the server: a crawl's
fetching and its writer thread need the interpreter lock, and a busy site's
request threads would hold it most of the time (measured with
``bench/load.py``: the writer kept 39% of its solo rate under 16 clients as a
thread on a 1 M article database). SQLite in WAL mode lets the two processes
share the file: the pages read while the loop writes. Each source's failure is
reported once, in plain words, until it changes; what is stored keeps being
served.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from importlib.resources import files
from types import FrameType

import uvicorn

from tidings.config import Settings
from tidings.crawl import Crawler, SourceResult
from tidings.ingest.opml import parse_opml
from tidings.pipeline import Pipeline
from tidings.store import Store
from tidings.web.app import create_app

DEFAULT_SOURCES = "default_sources.opml"


def subscribe_defaults(store: Store) -> int:
    """With no sources configured, subscribe to the bundled international feeds."""
    if store.sources.count() > 0:
        return 0
    content = files("tidings.ingest").joinpath(DEFAULT_SOURCES).read_bytes()
    subscriptions = parse_opml(content)
    for sub in subscriptions:
        store.sources.add(sub.url, title=sub.title, site_url=sub.site_url, category=sub.category)
    return len(subscriptions)


def say(line: str) -> None:
    print(f"refresh: {line}", flush=True)


class RefreshLoop:
    """Crawls due sources every ``refresh_interval`` seconds, until its process ends."""

    def __init__(self, settings: Settings, pipeline: Pipeline) -> None:
        self._settings = settings
        self._pipeline = pipeline
        self._last_said: dict[int, str | None] = {}

    def run(self) -> None:
        crawler = Crawler(self._settings, self._pipeline)
        try:
            while True:
                report = asyncio.run(crawler.crawl(on_done=self._report))
                if report.new or report.updated:
                    say(f"{report.new} new and {report.updated} updated articles")
                time.sleep(self._settings.refresh_interval)
        finally:
            crawler.close()  # the extraction workers end with the loop

    def _report(self, result: SourceResult) -> None:
        if self._last_said.get(result.source.id) != result.error:
            self._last_said[result.source.id] = result.error
            name = result.source.title or result.source.url
            if result.error:
                say(f"cannot refresh {name}: {result.error}; will retry later")
            else:
                say(f"{name}: fetched")


def _refresh_forever(settings: Settings) -> None:
    """The refresh process: its own store, enricher and crawler.

    SIGTERM, and the end of the server's process however it ends (uvicorn re-raises
    the signal that stopped it, so no ``finally`` of the parent runs), stop it the
    same way: an exception in the loop, which closes the extraction workers. A crawl
    cut short is safe: an article stored without its story is completed by the next.
    """
    signal.signal(signal.SIGTERM, _exit)
    threading.Thread(target=_exit_with_parent, name="tidings-parent-watch", daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C reaches the whole process group
        RefreshLoop(settings, Pipeline.open(settings)).run()


def _exit(_signal: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
    os.kill(os.getpid(), signal.SIGTERM)


class RefreshProcess:
    """The refresh loop in a child process of the server's process."""

    def __init__(self, settings: Settings) -> None:
        context = multiprocessing.get_context("spawn")  # the server's threads are not copied
        self._process = context.Process(
            target=_refresh_forever, args=(settings,), name="tidings-refresh"
        )

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def start(self) -> None:
        self._process.start()

    def stop(self) -> None:
        self._process.terminate()
        self._process.join()


def serve(settings: Settings, store: Store | None = None) -> None:
    """Serve the site until interrupted."""
    app = create_app(settings, store)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
