"""The page memo: a stale value is served while one background thread refreshes it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tidings.web.cache import TTLCache


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_an_expired_value_is_served_at_once_and_refreshed_in_the_background() -> None:
    cache = TTLCache(seconds=0.05)
    cache.get("k", lambda: "old")
    time.sleep(0.06)
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "new"

    started = time.monotonic()
    assert cache.get("k", slow) == "old"
    assert cache.get("k", slow) == "old"  # the refresh in flight is not started twice
    assert time.monotonic() - started < 1, "no request waits for the refresh"
    release.set()
    assert wait_for(lambda: cache.get("k", lambda: "never") == "new")


def test_concurrent_first_requests_compute_once() -> None:
    cache = TTLCache(seconds=60)
    calls = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.1)
        return 42

    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda _: cache.get("k", compute), range(8)))
    assert values == [42] * 8
    assert len(calls) == 1


def test_a_failed_refresh_keeps_the_stale_value_and_is_retried() -> None:
    cache = TTLCache(seconds=0.05)
    cache.get("k", lambda: "old")
    time.sleep(0.06)
    failed = threading.Event()

    def broken() -> str:
        failed.set()
        raise RuntimeError("database gone")

    assert cache.get("k", broken) == "old"
    assert failed.wait(5)
    assert wait_for(lambda: cache.get("k", lambda: "back") == "back")
