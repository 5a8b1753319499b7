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
import os
import select
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.errors import ExtractionError, Failure
from tidings.models import Document
from tidings.pipeline import Prepared, contained, prepare_article

# Set once per worker process by _start_worker.
_worker_enricher: Enricher | None = None
_time_limit = 0.0


class _Overrun(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in a
    library swallows it."""


def _start_worker(
    enrich: bool, time_limit: float, section_encoder: Path | None, owner: int
) -> None:
    global _worker_enricher, _time_limit
    if hasattr(os, "pidfd_open"):  # Linux; elsewhere an orphan ends when its queue breaks
        threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()
    _worker_enricher = Enricher.load(section_encoder) if enrich else None
    if _worker_enricher is not None:
        _worker_enricher.warm()
    _time_limit = time_limit
    signal.signal(signal.SIGALRM, _alarm)


def _exit_with(owner: int) -> None:
    """End this worker when the process that opened the pool ends, even by SIGKILL.

    A worker's parent is the forkserver, not the owner, and every worker holds the
    pipe that keeps the forkserver alive, so neither a parent-death signal nor the
    forkserver would ever end them: orphans of half a gigabyte each stayed forever.
    Once the workers go, the forkserver and the resource tracker see their pipes
    close and exit too.
    """
    try:
        watched = os.pidfd_open(owner)
    except OSError:  # the owner is gone already
        os._exit(1)
    select.select([watched], [], [])  # readable once the owner has exited
    os._exit(1)


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
    except Exception as exc:
        return contained(document.url, exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def worker_count(settings: Settings) -> int:
    """Worker processes for a crawl or an ingest: ``extract_processes``, else one per core."""
    return settings.extract_processes or os.cpu_count() or 1


def _crashed(document: Document) -> Failure:
    return Failure(document.url, "the extraction worker crashed on this page")


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

    def __init__(
        self,
        processes: int,
        *,
        enrich: bool,
        time_limit: float,
        section_encoder: Path | None = None,
    ) -> None:
        """Start every worker now (this blocks for seconds: call it off the event loop)."""
        self._processes = processes
        self._initargs = (enrich, time_limit, section_encoder)
        self._executor = self._start()

    @classmethod
    def open(cls, settings: Settings, *, enrich: bool) -> PreparePool:
        """The workers ``settings`` ask for (see ``worker_count``), with their time limit."""
        return cls(
            worker_count(settings),
            enrich=enrich,
            time_limit=settings.extract_time_limit,
            section_encoder=settings.section_encoder,
        )

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            self._processes,
            mp_context=_clean_context(),
            initializer=_start_worker,
            initargs=(*self._initargs, os.getpid()),
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
            self._restart()
            return _crashed(document)

    def prepare_in_order(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, Prepared | Failure]]:
        """Each document with its article, in the order given, a few pages ahead.

        For archives: the window keeps every worker busy without reading a whole
        WARC into memory. When a worker crashes, the pages that were in flight
        are retried one at a time, so only the page that crashes it fails.
        """
        window: deque[tuple[Document, Future[Prepared | Failure]]] = deque()
        for document in documents:
            window.append((document, self._executor.submit(_prepare, document)))
            if len(window) > 2 * self._processes:
                yield self._result(*window.popleft(), window)
        while window:
            yield self._result(*window.popleft(), window)

    def _result(
        self,
        document: Document,
        future: Future[Prepared | Failure],
        waiting: deque[tuple[Document, Future[Prepared | Failure]]],
    ) -> tuple[Document, Prepared | Failure]:
        try:
            return document, future.result()
        except BrokenProcessPool:
            self._restart()
            pending = [doc for doc, _ in waiting]
            waiting.clear()
            for doc in pending:  # alone, each either passes or is the one that crashes
                waiting.append((doc, self._alone(doc)))
            return document, self._alone(document).result()

    def _alone(self, document: Document) -> Future[Prepared | Failure]:
        """A finished future of one page prepared with no other page in flight."""
        done: Future[Prepared | Failure] = Future()
        try:
            done.set_result(self._executor.submit(_prepare, document).result())
        except BrokenProcessPool:
            self._restart()
            done.set_result(_crashed(document))
        return done

    def _restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
