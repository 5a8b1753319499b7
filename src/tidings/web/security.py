"""The site's defences: security headers, per-client rate limits, operator-only writes.

Article text is third-party content shown on our origin, so even though it is
sanitised before it is stored, every response also carries a strict
Content-Security-Policy (no inline script anywhere) as a second wall. The
rate limiter keeps one client from monopolising the database through the
cheap-to-ask, costly-to-answer endpoints (search and the JSON API). Anything
that changes data over the web needs the operator token in an
``Authorization: Bearer`` header, which browsers never send on their own, so
cross-site request forgery has nothing to ride on.

Both middlewares are plain ASGI so they wrap every route, static files and
error pages included, and cost one dict lookup per request.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request

from tidings.config import Settings
from tidings.web.site import Site, site

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https: http: data:",  # publishers' lead images
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(),"
        " microphone=(), payment=(), usb=()"
    ),
    "cross-origin-opener-policy": "same-origin",
}
RATE_LIMITED_PREFIXES = ("/api/", "/search")


def content_security_policy(**overrides: str) -> str:
    """The policy sent with every page; ``overrides`` replace whole directives."""
    directives = {**CSP_DIRECTIVES, **{k.replace("_", "-"): v for k, v in overrides.items()}}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.policy = content_security_policy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _merged(message.get("headers", []), self.policy)
            await send(message)

        await self.app(scope, receive, with_headers)


def _merged(headers: list[tuple[bytes, bytes]], policy: str) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    wanted = {"content-security-policy": policy, **SECURITY_HEADERS}
    extra = [
        (name.encode(), value.encode())
        for name, value in wanted.items()
        if name.encode() not in present
    ]
    return [*headers, *extra]


class TokenBuckets:
    """Per-client token buckets: ``per_minute`` requests, refilled continuously.

    A full bucket is the same as no bucket, so when the table grows past
    ``max_clients`` the full ones are forgotten; memory stays bounded under a
    flood of distinct addresses.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)

    def take(self, client: str) -> float:
        """Spend one token; 0 when allowed, else the seconds until the next token."""
        now = self._clock()
        tokens, at = self._buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1, now)
        if len(self._buckets) > self.max_clients:
            self._forget_full(now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        for client, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate >= self.capacity:
                del self._buckets[client]


class RateLimit:
    """Answers 429 with Retry-After when one client asks search or the API too often."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self.buckets = TokenBuckets(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(RATE_LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client)
        if not wait:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        body = (
            f"Too many requests: at most {self.per_minute} a minute to search and the API."
            f" Retry in {retry_after} s.\n"
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def require_operator(request: Request, site: Annotated[Site, Depends(site)]) -> None:
    """FastAPI dependency: the request carries the operator token, or it is refused.

    Without a configured token the site is read-only for everyone (403); a
    missing or wrong token is a 401 that names the expected scheme.
    """
    expected = site.settings.operator_token
    if not expected:
        raise HTTPException(
            403, "This Tidings site is read-only: its operator has not set operator_token."
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise HTTPException(
            401,
            "Send the operator token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )


def install(app: FastAPI, settings: Settings) -> None:
    """Wrap ``app`` in the security headers and, unless turned off, the rate limit."""
    if settings.rate_limit_per_minute > 0:
        app.add_middleware(RateLimit, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(SecurityHeaders)
