"""The crawl's worker-process side: a page that runs too long is abandoned, not waited for."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tidings import preparing
from tidings.errors import Failure
from tidings.models import Document

SRC = Path(__file__).resolve().parents[1] / "src"


def test_a_page_past_the_time_limit_becomes_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(document: Document, enricher: object) -> None:
        while True:
            time.sleep(0.01)

    previous = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(preparing, "prepare_article", endless)
    try:
        preparing._start_worker(
            enrich=False, time_limit=0.2, section_encoder=None, owner=os.getpid()
        )
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


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="the owner is watched on Linux")
def test_workers_end_when_their_ingest_is_killed(tmp_path: Path) -> None:
    items = tmp_path / "many.jsonl"
    body = "The council approved the harbour budget after a long debate about ferries. " * 20
    items.write_text(
        "".join(
            json.dumps({"url": f"https://example.com/{n}", "title": f"Budget {n}", "text": body})
            + "\n"
            for n in range(5000)
        ),
        encoding="utf-8",
    )
    command = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli", "ingest", str(items), "--data-dir", str(tmp_path)],
        env={"PYTHONPATH": str(SRC), "PATH": os.environ["PATH"], "TIDINGS_EXTRACT_PROCESSES": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    family = _workers_of(psutil.Process(command.pid), at_least=2)
    command.kill()
    command.wait()
    _gone, alive = psutil.wait_procs(family, timeout=5)
    for process in alive:
        process.kill()
    assert not alive, f"left behind: {[p.cmdline()[-1][:60] for p in alive]}"


def _workers_of(process: psutil.Process, at_least: int) -> list[psutil.Process]:
    """The forkserver, the resource tracker and the workers, once ``at_least`` workers run."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        family = process.children(recursive=True)
        if sum(p.ppid() != process.pid for p in family) >= at_least:
            return family
        time.sleep(0.2)
    raise AssertionError("the workers did not start")
