"""The one network seam: every request Tidings makes goes through this client.

Tests inject a transport (``httpx.MockTransport``) or serve on 127.0.0.1; the
Fetcher, the crawler and the workers all get their client from here, so
timeouts, the User-Agent and redirect limits are set in one place.
"""

from __future__ import annotations

import httpx

from tidings.config import Settings

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


def make_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """An async client with Tidings' timeouts, User-Agent and limits.

    Redirects are followed by the Fetcher itself, hop by hop, so that each hop
    is checked against the network policy and permanent moves are noticed.
    """
    timeout = httpx.Timeout(
        settings.read_timeout, connect=settings.connect_timeout, pool=settings.read_timeout
    )
    limits = httpx.Limits(
        max_connections=settings.fetch_concurrency,
        max_keepalive_connections=settings.fetch_concurrency,
    )
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        follow_redirects=False,
        transport=transport,
        trust_env=False,
    )
