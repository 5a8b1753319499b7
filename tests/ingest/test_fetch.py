import asyncio
import gzip

import httpx
import pytest

from tidings.config import Settings
from tidings.errors import FetchError
from tidings.ingest.fetch import Fetcher
from tidings.ingest.http import make_client

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
