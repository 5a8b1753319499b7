"""A small time-bounded memo for numbers that need not be fresher than a minute.

Trending tags and the edition picker read a week of tags; recomputing them on
every home page view would cost more than the page itself (0.4 s on 20,000
articles). An expired value is still served while one background thread
recomputes it, so no page waits for a refresh and a burst of requests never
computes the same value twice; only a key's very first value is waited for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)


class TTLCache:
    def __init__(self, seconds: float, max_entries: int = 1024) -> None:
        self._seconds = seconds
        self._max = max_entries
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._refreshing: set[Hashable] = set()
        self._first: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``; once older than the TTL, refreshed in the background."""
        with self._lock:
            hit = self._values.get(key)
            if hit is not None:
                if time.monotonic() - hit[0] >= self._seconds and key not in self._refreshing:
                    self._refreshing.add(key)
                    threading.Thread(target=self._refresh, args=(key, compute), daemon=True).start()
                return hit[1]
            first = self._first.setdefault(key, threading.Lock())
        with first:  # one caller computes a key's first value; the others wait for it
            with self._lock:
                hit = self._values.get(key)
            if hit is not None:
                return hit[1]
            value = compute()
            self._put(key, value)
            return value

    def _refresh(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            self._put(key, compute())
        except Exception:  # the stale value stays; the next request past the TTL retries
            log.exception("refreshing %r failed", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if len(self._values) >= self._max:
                self._values.clear()
                self._first.clear()
            self._values[key] = (time.monotonic(), value)
            self._first.pop(key, None)
