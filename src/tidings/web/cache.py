"""A small time-bounded memo for numbers that need not be fresher than a minute.

Trending tags and the edition picker read a week of tags; recomputing them on
every home page view would cost more than the page itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any


class TTLCache:
    def __init__(self, seconds: float, max_entries: int = 1024) -> None:
        self._seconds = seconds
        self._max = max_entries
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computed afresh when older than the TTL."""
        now = time.monotonic()
        with self._lock:
            hit = self._values.get(key)
        if hit is not None and now - hit[0] < self._seconds:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._values) >= self._max:
                self._values.clear()
            self._values[key] = (now, value)
        return value
