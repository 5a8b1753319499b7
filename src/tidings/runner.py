"""``tidings run``: the web site plus a background loop that keeps sources fresh.

The loop runs in its own thread with its own event loop, so a slow crawl
never delays a page. Each source's failure is reported once, in plain words,
until it changes; what is stored keeps being served.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from importlib.resources import files

import uvicorn

from tidings.config import Settings
from tidings.crawl import Crawler, SourceResult
from tidings.ingest.opml import parse_opml
from tidings.pipeline import Pipeline
from tidings.web.app import create_app

DEFAULT_SOURCES = "default_sources.opml"


def subscribe_defaults(pipeline: Pipeline) -> int:
    """With no sources configured, subscribe to the bundled international feeds."""
    if pipeline.store.sources.count() > 0:
        return 0
    content = files("tidings.ingest").joinpath(DEFAULT_SOURCES).read_bytes()
    subscriptions = parse_opml(content)
    for sub in subscriptions:
        pipeline.store.sources.add(
            sub.url, title=sub.title, site_url=sub.site_url, category=sub.category
        )
    return len(subscriptions)


class RefreshLoop(threading.Thread):
    """Crawls due sources every ``refresh_interval`` seconds until stopped."""

    def __init__(self, settings: Settings, pipeline: Pipeline, say: Callable[[str], None]) -> None:
        super().__init__(name="tidings-refresh", daemon=True)
        self._settings = settings
        self._pipeline = pipeline
        self._say = say
        self._stop = threading.Event()
        self._last_said: dict[int, str | None] = {}

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        crawler = Crawler(self._settings, self._pipeline)
        try:
            while not self._stop.is_set():
                report = asyncio.run(crawler.crawl(on_done=self._report))
                if report.new or report.updated:
                    self._say(f"{report.new} new and {report.updated} updated articles")
                self._stop.wait(self._settings.refresh_interval)
        finally:
            crawler.close()

    def _report(self, result: SourceResult) -> None:
        if self._last_said.get(result.source.id) != result.error:
            self._last_said[result.source.id] = result.error
            name = result.source.title or result.source.url
            if result.error:
                self._say(f"cannot refresh {name}: {result.error}; will retry later")
            else:
                self._say(f"{name}: fetched")


def serve(settings: Settings, pipeline: Pipeline | None = None) -> None:
    """Serve the site until interrupted (the store is shared with the loop)."""
    app = create_app(settings, pipeline.store if pipeline else None)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
