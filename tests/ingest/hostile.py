"""A misbehaving web server on 127.0.0.1: hangs, endless bodies, loops, lying charsets."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = b"\0" * 65536
TEN_GB = 10 * 1024**3
FRENCH = "Le président a déclaré : « Ça suffit », à Zürich — naïveté coûteuse."

Route = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    """One complete answer: status, headers (``Content_Type`` -> ``Content-Type``), body."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _page(text: str, charset: str) -> bytes:
    return f"<html><body><article><p>{text}</p></article></body></html>".encode(charset)


def big_feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Item {n}</title><link>http://news.test/{n}</link>"
        f"<description>Body {n}</description></item>"
        for n in range(items)
    )
    channel = f"<channel><title>Big</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


class HostileServer:
    """Each path misbehaves in one way real servers do."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.routes: dict[str, Route] = {
            "/hang": self._hang,
            "/huge": self._huge,
            "/loop": lambda h: send(h, 302, b"", Location="/loop"),
            "/cp1252-as-utf8": lambda h: send(
                h, 200, _page(FRENCH, "cp1252"), Content_Type="text/html; charset=utf-8"
            ),
            "/utf8-as-latin1": lambda h: send(
                h, 200, _page(FRENCH, "utf-8"), Content_Type="text/html; charset=ISO-8859-1"
            ),
            "/html-as-feed": lambda h: send(
                h, 200, _page("Hello", "utf-8"), Content_Type="application/rss+xml"
            ),
            "/big-feed": lambda h: send(
                h, 200, big_feed(10_000), Content_Type="application/rss+xml"
            ),
            "/busy": lambda h: send(h, 429, b"slow down", Retry_After="7200"),
        }
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _hang(self, handler: BaseHTTPRequestHandler) -> None:
        self._stop.wait(30)

    def _huge(self, handler: BaseHTTPRequestHandler) -> None:
        """Announce 10 GB and stream zeros until the client hangs up."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(TEN_GB))
        handler.end_headers()
        try:
            for _ in range(TEN_GB // len(CHUNK)):
                if self._stop.is_set():
                    return
                handler.wfile.write(CHUNK)
        except OSError:
            return

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path)
                if route is None:
                    send(self, 404, b"not found")
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                return

        return Handler
