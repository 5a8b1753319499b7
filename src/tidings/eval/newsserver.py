"""A news site on 127.0.0.1 built from saved article pages, for tests and benchmarks.

It publishes an RSS 2.0 and an Atom feed whose items link to real news pages
(the extraction benchmark's HTML), plus a few deliberately broken resources, so
that crawls are measured and tested end to end without the internet.

Routes: ``/rss.xml``, ``/atom.xml`` (halves of the pages), ``/all.xml`` (every
page), ``/articles/<id>.html``, ``/broken/404``, ``/broken/not-xml``,
``/broken/html-as-feed``.
"""

from __future__ import annotations

import gzip
import html
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import html as lxml_html

FIRST_DATE = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SavedPage:
    """One saved article page and what the benchmark says its body is."""

    id: str
    title: str
    html: bytes
    published: datetime
    text: str = ""


def load_pages(folder: Path, limit: int | None = None) -> list[SavedPage]:
    """Pages of an ``article_extraction_aeb``-style folder, in ground-truth order."""
    pages = []
    lines = (folder / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines[:limit] if limit else lines):
        record = json.loads(line)
        content = gzip.decompress((folder / record["html_file"]).read_bytes())
        pages.append(
            SavedPage(
                id=record["id"][:16],
                title=_title(content) or f"Article {index + 1}",
                html=content,
                published=FIRST_DATE + timedelta(hours=index),
                text=record.get("text", ""),
            )
        )
    return pages


def _title(content: bytes) -> str | None:
    try:
        tree = lxml_html.document_fromstring(content)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for xpath in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
        values = [str(v).strip() for v in tree.xpath(xpath) if str(v).strip()]
        if values:
            return " ".join(values[0].split())
    return None


class NewsServer:
    """Serves ``pages`` on an ephemeral loopback port until ``stop()``."""

    def __init__(self, pages: list[SavedPage]) -> None:
        self.pages = {page.id: page for page in pages}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def article_url(self, page: SavedPage) -> str:
        return self.url(f"/articles/{page.id}.html")

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rss(self, pages: list[SavedPage]) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(p.title)}</title><link>{self.article_url(p)}</link>"
            f"<guid>{self.article_url(p)}</guid><pubDate>{format_datetime(p.published)}</pubDate>"
            f"<category>World</category></item>"
            for p in pages
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Loopback News</title><link>{self.base_url}/</link>"
            f"<description>Saved pages</description>{items}</channel></rss>"
        ).encode()

    def atom(self, pages: list[SavedPage]) -> bytes:
        entries = "".join(
            f"<entry><title>{html.escape(p.title)}</title>"
            f'<link rel="alternate" href="{self.article_url(p)}"/>'
            f"<id>{self.article_url(p)}</id><updated>{p.published.isoformat()}</updated></entry>"
            for p in pages
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Loopback Atom</title><id>{self.base_url}/atom.xml</id>"
            f"<updated>{FIRST_DATE.isoformat()}</updated>{entries}</feed>"
        ).encode()

    def _route(self, path: str) -> tuple[int, str, bytes]:
        pages = list(self.pages.values())
        half = len(pages) // 2
        feeds = {
            "/rss.xml": lambda: self.rss(pages[:half]),
            "/atom.xml": lambda: self.atom(pages[half:]),
            "/all.xml": lambda: self.rss(pages),
        }
        if path in feeds:
            return 200, "application/rss+xml", feeds[path]()
        if path.startswith("/articles/") and path.endswith(".html"):
            page = self.pages.get(path.removeprefix("/articles/").removesuffix(".html"))
            if page:
                return 200, "text/html; charset=utf-8", page.html
        if path == "/broken/not-xml":
            return 200, "application/rss+xml", b"this is { not a feed"
        if path == "/broken/html-as-feed":
            return 200, "application/rss+xml", b"<!doctype html><html><body>Hi</body></html>"
        return 404, "text/plain", b"not found"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                status, content_type, body = server._route(self.path.split("?")[0])
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        return Handler
