"""The tasks: fetch one source, process one document. Both are idempotent.

A fetch task holds its source's lease (``store.leases``) for as long as it
runs, so two workers never fetch one source at once; it re-checks that the
source is still due, so a stale duplicate does nothing. A process task is
``Pipeline.process``, whose upsert makes a repeated document a no-op. Either
may therefore run again after a crash, with the same result.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from tidings.crawl import Crawler
from tidings.errors import Failure
from tidings.ingest.schedule import next_check_after_failure
from tidings.models import Document
from tidings.store.database import TRANSIENT_ERRORS
from tidings.store.views import SourceView
from tidings.workers.app import FETCH_TASK, PROCESS_TASK
from tidings.workers.dispatch import Dispatcher
from tidings.workers.messages import document_from_message, document_to_message
from tidings.workers.runtime import current

log = logging.getLogger("tidings.workers")

RETRIES: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


class TidingsTask(Task):
    """Records a task that failed for good, so ``tidings status`` can show it."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any):
        where = f"{self.name}{tuple(args)!r}"[:500]
        current().failures.record(Failure(where, f"{type(exc).__name__}: {exc}"[:1000]))


def register(app: Celery) -> None:
    app.task(name=FETCH_TASK, bind=True, base=TidingsTask, **RETRIES)(fetch_source)
    app.task(name=PROCESS_TASK, bind=True, base=TidingsTask, **RETRIES)(process_document)


def fetch_source(task: Task, source_id: int) -> dict[str, int]:
    """Fetch one source and queue its fresh documents for processing."""
    runtime = current()
    owner = task.request.id
    lease_for = timedelta(seconds=2 * runtime.settings.task_time_limit)
    if not runtime.leases.take(source_id, owner, lease_for=lease_for):
        log.info("source %s is being fetched by another task", source_id)
        return {"queued": 0}
    try:
        source = runtime.store.sources.get(source_id)
        if source is None or not runtime.leases.is_due(source_id):
            return {"queued": 0}
        dispatcher = Dispatcher(runtime.store, partial(send_document, task.app))
        # One extract process: the crawler then hands every document to the dispatcher
        # (its own process pool is for single-process crawls; here the queue is the pool).
        crawler = Crawler(replace(runtime.settings, extract_processes=1), dispatcher)
        try:
            report = asyncio.run(crawler.crawl([source]))
        except SoftTimeLimitExceeded:
            _record_too_slow(source)
            raise
        finally:
            crawler.close()
    finally:
        runtime.leases.release(source_id, owner)
    return {"queued": dispatcher.queued, "failed": report.sources_failed}


def _record_too_slow(source: SourceView) -> None:
    """A source that outlasts the time limit backs off like a failing one, instead of
    being queued again on the next tick."""
    settings = current().settings
    current().store.sources.record_failure(
        source.id,
        f"fetching took longer than {settings.task_time_limit:g} s",
        retry_in=next_check_after_failure(settings, source.error_count + 1),
        broken_after=settings.broken_after_failures,
    )


def send_document(app: Celery, document: Document, source_id: int | None) -> None:
    app.send_task(PROCESS_TASK, args=[document_to_message(document), source_id])


def process_document(task: Task, message: dict[str, Any], source_id: int | None) -> str:
    """Extract, enrich and store one document (``Pipeline.process``)."""
    runtime = current()
    processed = runtime.pipeline().process(document_from_message(message), source_id)
    if processed.failure:
        runtime.failures.record(processed.failure)
        return "failed"
    return str(processed.outcome)
