"""robots.txt for article pages, fetched once per host and cached.

Feeds are published to be polled, so only article pages are checked. Rules
follow RFC 9309: a missing robots.txt (4xx) allows everything; a server error,
a 429 (too many requests) or an unreachable host disallows everything until the
next look, so a host in trouble is not hammered. Every hop of a page's redirects
is checked against its own host's rules (``Fetcher.fetch``'s ``permit``). A
refused page falls back to the feed's own content.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from tidings.errors import FetchError
from tidings.ingest.fetch import Fetcher

CACHE_SECONDS = 24 * 3600
MAX_ROBOTS_BYTES = 500_000


class RobotsCache:
    """Per-host robots.txt rules for one user agent, refreshed daily."""

    def __init__(self, user_agent: str) -> None:
        self._agent = user_agent.split("/")[0].strip() or "*"
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, fetcher: Fetcher, url: str) -> bool:
        """May ``url`` be fetched? Looks up (and caches) its host's robots.txt."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._rules.get(origin)
            if cached is None or cached[0] < time.monotonic():
                cached = (time.monotonic() + CACHE_SECONDS, await _load(fetcher, origin))
                self._rules[origin] = cached
        return cached[1].can_fetch(self._agent, url)


async def _load(fetcher: Fetcher, origin: str) -> RobotFileParser:
    rules = RobotFileParser(origin + "/robots.txt")
    try:
        fetched = await fetcher.fetch(origin + "/robots.txt")
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            rules.allow_all = True
        else:
            rules.disallow_all = True
        return rules
    text = fetched.content[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    rules.parse(text.splitlines())
    return rules
