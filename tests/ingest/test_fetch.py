import asyncio
import gzip
import time

import httpx
import pytest

from tidings.config import Settings
from tidings.errors import FetchError
from tidings.ingest.encoding import decode_html
from tidings.ingest.fetch import Fetcher, parse_retry_after
from tidings.ingest.http import make_client

from .hostile import FRENCH, HostileServer

SETTINGS = Settings(allow_private_networks=True, per_host_delay=0, max_body_bytes=10_000)


def fetch(handler, url: str = "http://127.0.0.1/feed", settings: Settings = SETTINGS, **kw):
    async def go():
        async with make_client(settings, httpx.MockTransport(handler)) as client:
            return await Fetcher(settings, client).fetch(url, **kw)

    return asyncio.run(go())


def test_conditional_get_sends_validators_and_reports_304() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["If-None-Match"] == '"v1"'
        return httpx.Response(304)

    assert fetch(handler, etag='"v1"').not_modified


def test_permanent_redirect_is_reported() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed":
            return httpx.Response(301, headers={"Location": "/new-feed"})
        return httpx.Response(200, content=b"<rss/>")

    result = fetch(handler)
    assert result.permanent_redirect == "http://127.0.0.1/new-feed"


def test_redirect_loop_and_errors_are_fetch_errors() -> None:
    loop = lambda request: httpx.Response(302, headers={"Location": "/feed"})  # noqa: E731
    with pytest.raises(FetchError, match="redirects"):
        fetch(loop)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(lambda request: httpx.Response(404))


def test_gzip_bomb_is_cut_off_at_the_decoded_size() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError, match="larger than"):
        fetch(handler)


def test_private_addresses_are_refused_unless_allowed() -> None:
    strict = Settings(allow_private_networks=False, per_host_delay=0)
    for url in ("http://127.0.0.1/x", "http://10.0.0.8/x", "http://169.254.169.254/latest"):
        with pytest.raises(FetchError, match="non-public"):
            fetch(lambda request: httpx.Response(200), url, strict)
    with pytest.raises(FetchError, match="only http"):
        fetch(lambda request: httpx.Response(200), "file:///etc/passwd", strict)


def test_retry_after_is_read_from_throttling_answers() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "120"})

    with pytest.raises(FetchError) as caught:
        fetch(handler)
    assert caught.value.retry_after == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert parse_retry_after("soon") is None


def test_redirect_to_a_private_address_is_refused() -> None:
    strict = Settings(allow_private_networks=False, per_host_delay=0)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest"})

    with pytest.raises(FetchError, match=r"non-public address 169\.254\.169\.254"):
        fetch(handler, "http://93.184.216.34/feed", strict)


def test_connections_are_pinned_to_checked_addresses() -> None:
    """The default transport re-resolves at connect time: a name that resolves to
    loopback is refused even when the URL check is skipped (as after DNS rebinding)."""
    strict = Settings(allow_private_networks=False, connect_timeout=2)

    async def go() -> None:
        async with make_client(strict) as client:
            await client.get("http://localhost:9/")

    with pytest.raises(httpx.ConnectError, match="non-public"):
        asyncio.run(go())


SHORT = Settings(
    allow_private_networks=True,
    per_host_delay=0,
    connect_timeout=1,
    read_timeout=0.5,
    max_body_bytes=2_000_000,
)


def real_fetch(url: str, settings: Settings = SHORT):
    async def go():
        async with make_client(settings) as client:
            return await Fetcher(settings, client).fetch(url)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def hostile():
    with HostileServer() as server:
        yield server


def test_a_hanging_server_hits_the_read_timeout(hostile) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        real_fetch(hostile.url("/hang"))
    assert time.monotonic() - started < 5


def test_a_ten_gigabyte_body_is_cut_at_max_body_bytes(hostile) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than 2,000,000 bytes"):
        real_fetch(hostile.url("/huge"))
    assert time.monotonic() - started < 10


def test_a_redirect_loop_stops_at_max_redirects(hostile) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        real_fetch(hostile.url("/loop"))


@pytest.mark.parametrize("path", ["/cp1252-as-utf8", "/utf8-as-latin1"])
def test_pages_with_a_lying_charset_come_out_readable(hostile, path: str) -> None:
    page = real_fetch(hostile.url(path))
    assert FRENCH in decode_html(page.content, page.content_type)


def test_requests_are_honest_and_ask_for_compression() -> None:
    polite = Settings(
        allow_private_networks=True,
        per_host_delay=0,
        user_agent="Tidings/0.1 (+https://me.example)",
    )

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["User-Agent"] == "Tidings/0.1 (+https://me.example)"
        assert "gzip" in request.headers["Accept-Encoding"]
        body = gzip.compress(b"<rss/>")
        return httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})

    assert fetch(handler, settings=polite).content == b"<rss/>"


def test_a_redirect_to_a_javascript_url_is_a_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "javascript:alert(1)"})

    with pytest.raises(FetchError, match="redirects to an invalid URL"):
        fetch(handler)
