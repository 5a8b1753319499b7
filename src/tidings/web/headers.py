"""Security and caching headers on every response.

The Content-Security-Policy allows scripts and styles from this site only (no
'unsafe-inline': every script is a static file) and no third-party requests;
article images are the one exception, loaded from their publishers over HTTPS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
STATIC_MAX_AGE = 3600
PAGE_MAX_AGE = 60


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    max_age = STATIC_MAX_AGE if request.url.path.startswith("/static/") else PAGE_MAX_AGE
    if response.status_code == 200:
        response.headers.setdefault("Cache-Control", f"public, max-age={max_age}")
    return response
