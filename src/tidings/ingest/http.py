"""The one network seam: every request Tidings makes goes through this client.

Tests inject a transport (``httpx.MockTransport``) or serve on 127.0.0.1; the
Fetcher, the crawler and the workers all get their client from here, so
timeouts, the User-Agent and redirect limits are set in one place.
"""

from __future__ import annotations

import httpcore
import httpx

from tidings.config import Settings
from tidings.ingest.netpolicy import GuardedBackend

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
        transport=transport or _guarded_transport(settings, limits),
        trust_env=False,
    )


def _guarded_transport(settings: Settings, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's own transport, its connection pool given the DNS-pinning backend.

    httpx takes no network backend argument, so the pool it builds is replaced
    by an identical one that connects through ``GuardedBackend``.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    if not settings.allow_private_networks:
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(),
        )
    return transport
