"""The crawl's worker-process side: a page that runs too long is abandoned, not waited for."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator

import pytest

from tidings import preparing
from tidings.errors import Failure
from tidings.models import Document


def test_a_page_past_the_time_limit_becomes_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(document: Document, enricher: object) -> None:
        while True:
            time.sleep(0.01)

    previous = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(preparing, "prepare_article", endless)
    try:
        preparing._start_worker(enrich=False, time_limit=0.2, section_encoder=None)
        started = time.monotonic()
        result = preparing._prepare(Document(url="https://example.com/slow"))
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(result, Failure)
    assert "took over 0.2 s" in result.why
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind


def _crash_on_bad(document: Document, enricher: object) -> str:
    """Stands in for prepare_article in forked workers: dies on one page."""
    if "bad" in document.url:
        os._exit(1)
    return f"prepared {document.url}"


@pytest.fixture
def forked_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[preparing.PreparePool]:
    """A pool whose workers fork from this process, so they see the stand-in."""
    monkeypatch.setattr(preparing, "prepare_article", _crash_on_bad)
    monkeypatch.setattr(preparing, "_clean_context", lambda: multiprocessing.get_context("fork"))
    pool = preparing.PreparePool(2, enrich=False, time_limit=10)
    yield pool
    pool.close()


def test_pages_come_back_in_order_and_a_crash_fails_only_its_page(
    forked_pool: preparing.PreparePool,
) -> None:
    urls = [f"https://example.com/{name}" for name in ["a", "b", "bad", "c", "d", "e", "f"]]
    results = list(forked_pool.prepare_in_order(Document(url=url) for url in urls))
    assert [document.url for document, _ in results] == urls
    outcomes = {document.url: outcome for document, outcome in results}
    assert isinstance(outcomes["https://example.com/bad"], Failure)
    assert all(outcomes[url] == f"prepared {url}" for url in urls if "bad" not in url)
