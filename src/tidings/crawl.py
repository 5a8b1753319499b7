"""One crawl: every due source fetched once, its new entries through the pipeline.

Fetching is concurrent (asyncio, per-host limits in the Fetcher); extraction,
enrichment and storage run on one worker thread, so SQLite sees one writer
while the network keeps busy. A failing source or page is recorded on the
source and in the report; it never stops the other sources.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta

import httpx

from tidings.config import Settings
from tidings.errors import Disallowed, Failure, FeedError, FetchError, IngestReport, Notice
from tidings.ingest.encoding import decode_html
from tidings.ingest.entries import ParsedFeed
from tidings.ingest.fetch import Fetcher
from tidings.ingest.http import make_client
from tidings.ingest.robots import RobotsCache
from tidings.ingest.schedule import next_check_after_failure, next_check_after_success
from tidings.ingest.subscription import read_source
from tidings.ingest.urls import canonical_url, is_http_url
from tidings.models import Document
from tidings.pipeline import Pipeline, Processed, contained
from tidings.preparing import PreparePool, worker_count
from tidings.store import Store
from tidings.store.views import SourceView

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One source's part of a crawl, for progress bars and summaries."""

    source: SourceView
    report: IngestReport
    error: str | None = None


SourceDone = Callable[[SourceResult], None]


class Crawler:
    def __init__(
        self,
        settings: Settings,
        pipeline: Pipeline,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._pipeline = pipeline
        self._store = pipeline.store
        self._transport = transport
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-writer")
        self._robots = RobotsCache(settings.user_agent)
        self._processes = worker_count(settings)
        self._pool: PreparePool | None = None
        self._pool_starting: asyncio.Task[PreparePool] | None = None  # of the current crawl

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        if self._pool:
            self._pool.close()

    async def crawl(
        self, sources: list[SourceView] | None = None, on_done: SourceDone | None = None
    ) -> IngestReport:
        """Fetch ``sources`` (default: the due ones) once each."""
        sources = self._store.sources.due() if sources is None else sources
        self._pool_starting = None  # a task belongs to one event loop; the pool outlives it
        total = IngestReport()
        limit = asyncio.Semaphore(max(1, self._settings.fetch_concurrency // 2))
        async with make_client(self._settings, self._transport) as client:
            fetcher = Fetcher(self._settings, client)

            async def one(source: SourceView) -> None:
                async with limit:
                    try:
                        result = await self._crawl_source(fetcher, source)
                    except Exception as exc:  # a bug on one source: the others go on
                        failure = contained(source.url, exc)
                        result = self._failed(source, failure.why, IngestReport())
                total.merge(result.report)
                if on_done:
                    on_done(result)

            await asyncio.gather(*(one(source) for source in sources))
        return total

    async def _crawl_source(self, fetcher: Fetcher, source: SourceView) -> SourceResult:
        report = IngestReport()
        try:
            read = await read_source(
                fetcher,
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                name=source.title,
            )
        except FetchError as exc:
            return self._failed(source, exc.reason, report, exc.retry_after)
        except FeedError as exc:
            return self._failed(source, str(exc), report)
        feed = read.feed
        published = [entry.published for entry in feed.entries] if feed else []
        if feed:
            report.warnings.extend(Notice(source.url, warning) for warning in feed.warnings)
            await self._ingest_entries(fetcher, source, feed, report)
        self._store.sources.record_success(
            source.id,
            next_check_in=next_check_after_success(self._settings, published),
            etag=read.fetched.etag,
            last_modified=read.fetched.last_modified,
            title=feed.publisher if feed else None,
            feed_title=feed.title if feed else None,
            site_url=feed.site_url if feed else None,
            moved_to=read.moved_to,
        )
        report.sources_ok += 1
        return SourceResult(source, report)

    async def start(self) -> None:
        """Start the extraction workers now rather than at the first new article.

        They take a second or two to load and warm their models; a benchmark
        starts them before it times a crawl, as a long-running server has.
        """
        if self._processes >= 2:
            await self._started_pool()

    async def _started_pool(self) -> PreparePool:
        """The worker pool, started on a thread: starting workers blocks, fetching must not."""
        if self._pool is None:
            self._pool = await asyncio.to_thread(
                PreparePool.open, self._settings, enrich=self._pipeline.enriches
            )
        return self._pool

    def _failed(
        self,
        source: SourceView,
        reason: str,
        report: IngestReport,
        retry_after: float | None = None,
    ) -> SourceResult:
        """Record the failure; the next check waits for the backoff and any Retry-After."""
        backoff = next_check_after_failure(self._settings, source.error_count + 1)
        self._store.sources.record_failure(
            source.id,
            reason,
            retry_in=max(backoff, timedelta(seconds=retry_after or 0)),
            broken_after=self._settings.broken_after_failures,
        )
        report.sources_failed += 1
        report.errors.append(Failure(source.url, reason))
        return SourceResult(source, report, reason)

    async def _ingest_entries(
        self, fetcher: Fetcher, source: SourceView, feed: ParsedFeed, report: IngestReport
    ) -> None:
        async def one(entry: Document, stored: bool) -> None:
            try:
                processed = await self._entry(fetcher, source, entry, stored, report)
            except Exception as exc:  # a bug on one entry: the feed's others go on
                processed = Processed(entry.url, failure=contained(entry.url, exc))
            processed.count_into(report)

        fresh = _fresh_entries(self._store, feed.entries, report)
        await asyncio.gather(*(one(entry, stored) for entry, stored in fresh))

    async def _entry(
        self,
        fetcher: Fetcher,
        source: SourceView,
        entry: Document,
        stored: bool,
        report: IngestReport,
    ) -> Processed:
        """One entry through its page and the pipeline. A stored article whose page fails
        keeps its text: the feed's teaser would replace a full text for a passing 503."""
        document, page_error = await self._with_page(fetcher, entry, report)
        if page_error and stored:
            kept = Failure(entry.url, f"{page_error}; kept the stored text")
            return Processed(entry.url, failure=kept)
        return await self._process(document, source.id)

    async def _process(self, document: Document, source_id: int) -> Processed:
        """Extract (in the worker pool when there is more than one core), then store."""
        loop = asyncio.get_running_loop()
        if self._processes < 2:
            return await loop.run_in_executor(
                self._writer, self._pipeline.process, document, source_id
            )
        if self._pool_starting is None:
            self._pool_starting = asyncio.create_task(self._started_pool())
        pool = await self._pool_starting
        prepared = await pool.prepare(document)
        if isinstance(prepared, Failure):
            return Processed(document.url, failure=prepared)
        return await loop.run_in_executor(self._writer, self._pipeline.save, prepared, source_id)

    async def _with_page(
        self, fetcher: Fetcher, entry: Document, report: IngestReport
    ) -> tuple[Document, str | None]:
        """The entry with its page fetched, else with the feed's own content (robots.txt
        refusals, of the page or of a redirect on its way, are counted in the report);
        and why the page failed, if it did."""
        if not self._settings.fetch_article_pages or not is_http_url(entry.url):
            return entry, None

        async def permit(url: str) -> bool:
            return await self._robots.allowed(fetcher, url)

        try:
            page = await fetcher.fetch(entry.url, permit=permit)
        except Disallowed:
            report.robots_disallowed += 1
            return entry, None
        except FetchError as exc:
            return entry, f"page not fetched: {exc.reason}"
        if page.content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            return entry, None
        html = decode_html(page.content, page.content_type)
        return replace(entry, url=page.final_url, html=html), None


def _fresh_entries(
    store: Store, entries: list[Document], report: IngestReport
) -> list[tuple[Document, bool]]:
    """Entries not stored yet, dated after we last stored them (an update), or left
    unfinished by a crawl that was killed mid-save (``Pipeline.save`` completes them);
    each with whether it is stored already."""
    by_url = {canonical_url(entry.url): entry for entry in entries}
    known = store.articles.known(list(by_url))
    fresh = []
    for url, entry in by_url.items():
        stored = known.get(url)
        updated = bool(stored and entry.published and entry.published > stored.updated_at)
        if stored is None or not stored.finished or updated:
            fresh.append((entry, stored is not None))
        else:
            report.skipped += 1
    return fresh
