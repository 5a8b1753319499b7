"""When to check a source again.

A feed that publishes every few minutes is checked often, a weekly blog
rarely; a failing source backs off exponentially so a dead host costs little.
All bounds come from Settings (default 5 minutes to 24 hours).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from tidings.config import Settings


def next_check_after_success(settings: Settings, published: Sequence[datetime | None]) -> timedelta:
    """Half the feed's median gap between recent items, within the bounds."""
    times = sorted((t for t in published if t is not None), reverse=True)[:20]
    if len(times) < 2:
        return _bounded(settings, settings.max_check_interval / 4)
    gaps = sorted((a - b).total_seconds() for a, b in itertools.pairwise(times))
    median_gap = gaps[len(gaps) // 2]
    return _bounded(settings, median_gap / 2)


def next_check_after_failure(settings: Settings, failures_in_a_row: int) -> timedelta:
    """Exponential backoff from the minimum interval, capped at the maximum."""
    exponent = min(max(failures_in_a_row - 1, 0), 16)
    return _bounded(settings, settings.min_check_interval * 2**exponent)


def _bounded(settings: Settings, seconds: float) -> timedelta:
    low, high = settings.min_check_interval, settings.max_check_interval
    return timedelta(seconds=min(max(seconds, low), high))
