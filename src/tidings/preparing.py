"""Extraction and enrichment in worker processes, so that a crawl uses every core.

Reading a page is CPU work under the GIL: done on the writer thread it leaves
the other cores idle and starves the event loop that fetches. Each worker
loads and warms the enricher once; the parent keeps the one SQLite writer.

A page that keeps a worker busy past ``extract_time_limit`` (a pathological
layout, a regular expression gone quadratic) is abandoned by an alarm inside
the worker and recorded as a failure: the worker then takes the next page.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import FrameType

from tidings.enrich import Enricher
from tidings.errors import ExtractionError, Failure
from tidings.models import Document
from tidings.pipeline import Prepared, prepare_article

# Set once per worker process by _start_worker.
_worker_enricher: Enricher | None = None
_time_limit = 0.0


class _Overrun(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in a
    library swallows it."""


def _start_worker(enrich: bool, time_limit: float) -> None:
    global _worker_enricher, _time_limit
    _worker_enricher = Enricher.load() if enrich else None
    if _worker_enricher is not None:
        _worker_enricher.warm()
    _time_limit = time_limit
    signal.signal(signal.SIGALRM, _alarm)


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Overrun


def _ready() -> None:
    """A no-op: submitting it makes the executor start a worker."""


def _prepare(document: Document) -> Prepared | Failure:
    signal.setitimer(signal.ITIMER_REAL, _time_limit)
    try:
        return prepare_article(document, _worker_enricher)
    except ExtractionError as exc:
        return Failure(document.url, str(exc))
    except _Overrun:
        return Failure(document.url, f"reading the page took over {_time_limit:g} s; skipped")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _clean_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a single-threaded server that has imported the stages once.

    Forking the crawler itself could copy a lock held by one of its threads;
    spawning would import trafilatura and the models afresh in every worker.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


class PreparePool:
    """``processes`` workers that turn Documents into Prepared articles (or Failures)."""

    def __init__(self, processes: int, *, enrich: bool, time_limit: float) -> None:
        """Start every worker now (this blocks for seconds: call it off the event loop)."""
        self._processes = processes
        self._initargs = (enrich, time_limit)
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            self._processes,
            mp_context=_clean_context(),
            initializer=_start_worker,
            initargs=self._initargs,
        )
        for started in [executor.submit(_ready) for _ in range(self._processes)]:
            started.result()
        return executor

    async def prepare(self, document: Document) -> Prepared | Failure:
        """The article of ``document``; a crashed worker costs this page, not the crawl."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, _prepare, document)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return Failure(document.url, "the extraction worker crashed on this page")

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
