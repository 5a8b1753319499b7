"""SSRF: sources and article links never reach private addresses unless allowed.

Checked at the Fetcher (every request Tidings makes goes through it) and
through a whole crawl, with direct addresses, names that resolve to loopback,
odd spellings of 127.0.0.1 and redirects from a public host.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tidings.config import Settings
from tidings.crawl import Crawler
from tidings.errors import FetchError
from tidings.ingest.fetch import Fetcher
from tidings.ingest.http import make_client
from tidings.pipeline import Pipeline
from tidings.store import Store

PUBLIC = "http://93.184.216.34"  # a global address: the policy lets it through
METADATA = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"


class Recorder:
    """A fake internet: answers from a table and remembers every host asked."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(str(request.url))
        return self.routes.get(str(request.url), httpx.Response(404))


def fetch(settings: Settings, url: str, transport: httpx.AsyncBaseTransport | None = None):
    async def go():
        async with make_client(settings, transport) as client:
            return await Fetcher(settings, client).fetch(url)

    return asyncio.run(go())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, per_host_delay=0, connect_timeout=2, read_timeout=2)


@pytest.fixture
def loopback() -> Iterator[tuple[int, list[str]]]:
    """A real server on 127.0.0.1 that logs what reaches it."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        METADATA,
        "http://10.1.2.3/admin",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
    ],
)
def test_private_and_metadata_addresses_are_refused_before_any_request(
    settings: Settings, url: str
) -> None:
    recorder = Recorder({})
    with pytest.raises(FetchError, match="refused"):
        fetch(settings, url, httpx.MockTransport(recorder))
    assert recorder.asked == []


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "0.0.0.0", "2130706433", "127.1"]
)
def test_loopback_in_every_spelling_is_refused(
    settings: Settings, loopback: tuple[int, list[str]], host: str
) -> None:
    port, seen = loopback
    with pytest.raises(FetchError, match="refused"):
        fetch(settings, f"http://{host}:{port}/secret")
    assert seen == []


def test_the_same_loopback_fetch_works_when_the_operator_allows_it(
    tmp_path: Path, loopback: tuple[int, list[str]]
) -> None:
    port, seen = loopback
    allowed = Settings(data_dir=tmp_path, per_host_delay=0, allow_private_networks=True)
    assert fetch(allowed, f"http://localhost:{port}/page").content == b"ok"
    assert seen == ["/page"]


@pytest.mark.parametrize(
    "target", [METADATA, "http://localhost/", "http://[::1]:8080/", "file:///etc/passwd"]
)
def test_a_redirect_from_a_public_host_to_a_private_one_is_not_followed(
    settings: Settings, target: str
) -> None:
    recorder = Recorder({f"{PUBLIC}/feed": httpx.Response(302, headers={"Location": target})})
    with pytest.raises(FetchError, match=r"refused|only http"):
        fetch(settings, f"{PUBLIC}/feed", httpx.MockTransport(recorder))
    assert recorder.asked == [f"{PUBLIC}/feed"]


def test_a_crawl_never_fetches_article_links_that_point_inside(settings: Settings) -> None:
    links = [METADATA, "http://localhost:9200/_cat/indices", "http://10.0.0.5/internal"]
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        f"<description>Body of item {n}, long enough to be an article on its own. "
        "It talks about the harbour, the weather and the new ferry timetable.</description></item>"
        for n, link in enumerate(links)
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )
    recorder = Recorder({f"{PUBLIC}/feed.xml": httpx.Response(200, content=feed.encode())})
    store = Store.open(settings)
    source, _ = store.sources.add(f"{PUBLIC}/feed.xml")
    crawler = Crawler(settings, Pipeline(store, None), transport=httpx.MockTransport(recorder))
    try:
        report = asyncio.run(crawler.crawl([source]))
    finally:
        crawler.close()
    assert recorder.asked == [f"{PUBLIC}/feed.xml"]
    assert report.sources_ok == 1
    assert report.new == len(links)  # kept with the feed's own text, pages never asked
