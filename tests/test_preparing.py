"""The crawl's worker-process side: a page that runs too long is abandoned, not waited for."""

from __future__ import annotations

import signal
import time

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
        preparing._start_worker(enrich=False, time_limit=0.2)
        started = time.monotonic()
        result = preparing._prepare(Document(url="https://example.com/slow"))
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(result, Failure)
    assert "took over 0.2 s" in result.why
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind
