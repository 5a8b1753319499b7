"""Polite, bounded HTTP fetching of sources and article pages.

Every request is conditional when we can make it so, waits its turn per host,
follows redirects hop by hop (each hop re-checked against the network policy),
and stops reading at ``max_body_bytes`` of *decoded* content so that a gzip
bomb or an endless stream costs us a bounded amount of memory. A server that
drips bytes just fast enough to dodge the read timeout is cut off by a whole-
request deadline (connect timeout + ``DEADLINE_READS`` read timeouts).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from tidings.config import Settings
from tidings.errors import Disallowed, FetchError
from tidings.ingest.netpolicy import check_url_allowed

PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
THROTTLED = {429, 503}
DEADLINE_READS = 3
MAX_RETRY_AFTER = 7 * 24 * 3600.0  # a week: longer is a server's bug, not a plan

Permit = Callable[[str], Awaitable[bool]]  # may this URL be fetched?


@dataclass(slots=True)
class FetchResult:
    """A fetched body, or the news that it has not changed (HTTP 304)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    permanent_redirect: str | None = None  # where a 301/308 chain ended
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HostGate:
    """At most N requests in flight per host, and a minimum delay between them."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._delay = delay
        self._semaphores: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(concurrency)
        )
        self._next_start: dict[str, float] = defaultdict(float)

    def slot(self, host: str) -> _HostSlot:
        return _HostSlot(self, host)


class _HostSlot:
    def __init__(self, gate: HostGate, host: str) -> None:
        self._gate = gate
        self._host = host

    async def __aenter__(self) -> None:
        await self._gate._semaphores[self._host].acquire()
        now = time.monotonic()
        start = max(now, self._gate._next_start[self._host])
        self._gate._next_start[self._host] = start + self._gate._delay
        if start > now:
            await asyncio.sleep(start - now)

    async def __aexit__(self, *exc: object) -> None:
        self._gate._semaphores[self._host].release()


class Fetcher:
    """Fetches URLs under the instance's politeness and safety settings."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client
        self._gate = HostGate(settings.per_host_concurrency, settings.per_host_delay)

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        permit: Permit | None = None,
    ) -> FetchResult:
        """GET ``url``; raise FetchError with a plain reason on any failure, Disallowed
        when ``permit`` (robots.txt) refuses the URL or any URL it redirects to."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current, permanent = url, True
        for _hop in range(self._settings.max_redirects + 1):
            await check_url_allowed(current, allow_private=self._settings.allow_private_networks)
            if permit and not await permit(current):
                raise Disallowed(url, f"robots.txt refuses {current}")
            status, response_headers, content = await self._get(current, headers)
            if status in REDIRECTS and "location" in response_headers:
                permanent = permanent and status in PERMANENT_REDIRECTS
                current = urljoin(current, response_headers["location"])
                continue
            if status >= 400:
                retry_after = parse_retry_after(response_headers.get("retry-after"))
                if status not in THROTTLED:
                    retry_after = None
                raise FetchError(
                    url, _status_reason(status), status=status, retry_after=retry_after
                )
            return FetchResult(
                url=url,
                final_url=current,
                status=status,
                content=content,
                headers=response_headers,
                permanent_redirect=current if permanent and current != url else None,
                elapsed=time.monotonic() - started,
            )
        raise FetchError(url, f"more than {self._settings.max_redirects} redirects")

    async def _get(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        host = urlsplit(url).netloc
        settings = self._settings
        deadline = settings.connect_timeout + DEADLINE_READS * settings.read_timeout
        async with self._gate.slot(host):
            try:
                async with asyncio.timeout(deadline):
                    return await self._read(url, headers)
            except TimeoutError as exc:
                raise FetchError(url, f"no complete answer within {deadline:g} s") from exc

    async def _read(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        limit = self._settings.max_body_bytes
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                body = bytearray()
                if response.status_code < 300:
                    async for chunk in response.aiter_bytes():
                        body.extend(chunk)
                        if len(body) > limit:
                            raise FetchError(url, f"body larger than {limit:,} bytes, cut off")
                lowered = {key.lower(): value for key, value in response.headers.items()}
                return response.status_code, lowered, bytes(body)
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})") from exc
        except httpx.DecodingError as exc:
            raise FetchError(url, f"undecodable response body ({exc})") from exc
        except httpx.InvalidURL as exc:  # httpx reads a Location header even when not following
            raise FetchError(url, f"redirects to an invalid URL ({_describe(exc)})") from exc
        except (httpx.TransportError, OSError) as exc:
            raise FetchError(url, f"could not connect ({_describe(exc)})") from exc


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), at
    most ``MAX_RETRY_AFTER``: 999999999999 seconds would overflow the next check's date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _status_reason(status: int) -> str:
    try:
        phrase = httpx.codes(status).name.replace("_", " ").lower()
    except ValueError:
        phrase = "error"
    return f"HTTP {status} ({phrase})"


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
