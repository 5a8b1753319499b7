"""Caching headers: pages are fresh for a minute, static files for an hour.

Security headers (CSP and friends) are set by ``web/security.py`` on every
response, error pages and static files included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

STATIC_MAX_AGE = 3600
PAGE_MAX_AGE = 60


async def cache_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    max_age = STATIC_MAX_AGE if request.url.path.startswith("/static/") else PAGE_MAX_AGE
    if response.status_code == 200:
        response.headers.setdefault("Cache-Control", f"public, max-age={max_age}")
    return response
