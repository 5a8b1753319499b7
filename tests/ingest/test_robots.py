import asyncio

import httpx

from tidings.config import Settings
from tidings.ingest.fetch import Fetcher
from tidings.ingest.http import make_client
from tidings.ingest.robots import RobotsCache

SETTINGS = Settings(allow_private_networks=True, per_host_delay=0)
RULES = "User-agent: Tidings\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n"


def allowed(handler, *urls: str) -> tuple[list[bool], list[str]]:
    asked: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return handler(request)

    async def go() -> list[bool]:
        cache = RobotsCache("Tidings/0.1 (+https://me.example)")
        async with make_client(SETTINGS, httpx.MockTransport(counting)) as client:
            fetcher = Fetcher(SETTINGS, client)
            return [await cache.allowed(fetcher, url) for url in urls]

    return asyncio.run(go()), asked


def test_rules_for_our_agent_apply_and_are_fetched_once_per_host() -> None:
    answers, asked = allowed(
        lambda request: httpx.Response(200, text=RULES),
        "https://a.example/news/1",
        "https://a.example/private/2",
        "https://b.example/news/3",
    )
    assert answers == [True, False, True]
    assert asked == ["https://a.example/robots.txt", "https://b.example/robots.txt"]


def test_a_missing_file_allows_and_a_server_error_refuses() -> None:
    assert allowed(lambda r: httpx.Response(404), "https://a.example/x")[0] == [True]
    assert allowed(lambda r: httpx.Response(500), "https://a.example/x")[0] == [False]


def test_too_many_requests_refuses_like_a_server_error() -> None:
    assert allowed(lambda r: httpx.Response(429), "https://a.example/x")[0] == [False]
