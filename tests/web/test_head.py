"""HEAD answers like GET without a body: crawlers, link checkers and feed readers use it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.corpus import Written


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/",
        "/tag/Russia",
        "/tag/Russia/feed.xml",
        "/section/politics/atom.xml",
        "/search?q=Baku",
        "/api/search?q=Baku",
        "/manifest.webmanifest",
        "/sw.js",
        "/static/site.css",
        "/article/{article}",
        "/api/source/{source}",
    ],
)
def test_head_has_the_status_and_headers_of_get_and_no_body(
    client: TestClient, written: Written, path: str
) -> None:
    path = path.format(article=min(written.article_ids.values()), source=written.source_ids[0])
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "cache-control", "etag"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_of_a_missing_page_is_a_404(client: TestClient) -> None:
    head = client.head("/api/article/424242")
    assert head.status_code == 404 and head.content == b""


def test_head_does_not_turn_a_post_only_route_into_a_get(client: TestClient) -> None:
    assert client.head("/api/sources/1/crawl").status_code == 405
