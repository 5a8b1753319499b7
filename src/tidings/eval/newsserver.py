"""A news site on 127.0.0.1 built from saved article pages, for tests and benchmarks.

It publishes an RSS 2.0 and an Atom feed whose items link to real news pages
(the extraction benchmark's HTML), plus a few deliberately broken resources, so
that crawls are measured and tested end to end without the internet.

Routes: ``/rss.xml``, ``/atom.xml`` (halves of the pages), ``/all.xml`` and
``/feed.json`` (every page), ``/sitemap.xml`` (an index) naming
``/sitemap-news.xml`` (a Google News sitemap of every page), ``/`` (a home page
that only links to its feeds), ``/old-feed.xml`` (301 to ``/rss.xml``),
``/robots.txt`` (as given), ``/articles/<id>.html``, ``/broken/404``,
``/broken/not-xml``, ``/broken/html-as-feed``. Like a real server it
compresses with gzip when asked, and with ``etags=True`` it sends ETags and
answers a matching ``If-None-Match`` with 304.
"""

from __future__ import annotations

import gzip
import hashlib
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


def _lead(text: str) -> str:
    """The first paragraph, as feeds carry it: the fallback when a page is not fetched."""
    return text.strip().split("\n")[0][:600]


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


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str = "text/plain"
    body: bytes = b""
    location: str | None = None


class NewsServer:
    """Serves ``pages`` on an ephemeral loopback port until ``stop()``."""

    def __init__(
        self, pages: list[SavedPage], *, robots_txt: str = "", etags: bool = False
    ) -> None:
        self.pages = {page.id: page for page in pages}
        self.robots_txt = robots_txt
        self.etags = etags
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
            f"<description>{html.escape(_lead(p.text))}</description>"
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

    def json_feed(self, pages: list[SavedPage]) -> bytes:
        items = [
            {
                "id": self.article_url(p),
                "url": self.article_url(p),
                "title": p.title,
                "date_published": p.published.isoformat(),
                "tags": ["World"],
            }
            for p in pages
        ]
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Loopback JSON"}
        return json.dumps({**feed, "home_page_url": self.base_url + "/", "items": items}).encode()

    def news_sitemap(self, pages: list[SavedPage]) -> bytes:
        urls = "".join(
            f"<url><loc>{self.article_url(p)}</loc><news:news><news:publication>"
            "<news:name>Loopback News</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{p.published.isoformat()}"
            f"</news:publication_date><news:title>{html.escape(p.title)}</news:title>"
            "</news:news></url>"
            for p in pages
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>"
        ).encode()

    def sitemap_index(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
            f"<loc>{self.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>"
        ).encode()

    def home(self) -> bytes:
        return (
            b"<!doctype html><html><head><title>Loopback News</title>"
            b'<link rel="alternate" type="application/rss+xml" href="/all.xml">'
            b'<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            b"</head><body><h1>Loopback News</h1></body></html>"
        )

    def _route(self, path: str) -> Reply:
        pages = list(self.pages.values())
        half = len(pages) // 2
        feeds = {
            "/rss.xml": ("application/rss+xml", lambda: self.rss(pages[:half])),
            "/atom.xml": ("application/atom+xml", lambda: self.atom(pages[half:])),
            "/all.xml": ("application/rss+xml", lambda: self.rss(pages)),
            "/feed.json": ("application/feed+json", lambda: self.json_feed(pages)),
            "/sitemap.xml": ("application/xml", self.sitemap_index),
            "/sitemap-news.xml": ("application/xml", lambda: self.news_sitemap(pages)),
            "/": ("text/html; charset=utf-8", self.home),
            "/robots.txt": ("text/plain", self.robots_txt.encode),
        }
        if path in feeds:
            content_type, build = feeds[path]
            return Reply(200, content_type, build())
        if path == "/old-feed.xml":
            return Reply(301, location=self.url("/rss.xml"))
        if path.startswith("/articles/") and path.endswith(".html"):
            page = self.pages.get(path.removeprefix("/articles/").removesuffix(".html"))
            if page:
                return Reply(200, "text/html; charset=utf-8", page.html)
        if path == "/broken/not-xml":
            return Reply(200, "application/rss+xml", b"this is { not a feed")
        if path == "/broken/html-as-feed":
            return Reply(200, "application/rss+xml", b"<!doctype html><html><body>Hi</body></html>")
        return Reply(404, body=b"not found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                reply = server._route(self.path.split("?")[0])
                status, body = reply.status, reply.body
                if reply.location:
                    self.send_response(status)
                    self.send_header("Location", reply.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if server.etags and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", reply.content_type)
                if server.etags:
                    self.send_header("ETag", etag)
                if "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 1024:
                    body = gzip.compress(body, compresslevel=1)
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        return Handler
