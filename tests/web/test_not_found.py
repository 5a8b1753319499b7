"""Addresses that name nothing: a 404 page (HTML), or JSON under /api, never a 500."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient

from tidings.config import Settings
from tidings.store import Store
from tidings.web.app import create_app

HUGE = "99999999999999999999"  # past 64 bits: SQLite refuses to bind it
BEYOND_INT4 = str(2**31)  # ids are PostgreSQL integers: past them, nothing can exist


def cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


@pytest.mark.parametrize("id_", [HUGE, BEYOND_INT4, "0", "abc"])
@pytest.mark.parametrize(
    "path",
    [
        "/article/{}",
        "/api/article/{}",
        "/story/{}",
        "/api/story/{}",
        "/source/{}",
        "/api/source/{}",
        "/source/{}/feed.xml",
    ],
)
def test_an_id_out_of_range_is_a_plain_404(client: TestClient, path: str, id_: str) -> None:
    response = client.get(path.format(id_))
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert "detail" in response.json()
    else:
        assert "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize("path", ["/", "/api/", "/tag/Russia", "/api/tag/Russia"])
def test_a_cursor_with_an_id_out_of_range_is_a_404(client: TestClient, path: str) -> None:
    huge = cursor("2026-11-29T19:59:30Z|999999999999999999999999")
    assert client.get(path, params={"cursor": huge}).status_code == 404
    negative = cursor("2026-11-29T19:59:30Z|-1")
    assert client.get(path, params={"cursor": negative}).status_code == 404


def test_following_a_source_id_out_of_range_is_refused_not_a_crash(client: TestClient) -> None:
    response = client.get("/api/for-you", params={"source": HUGE})
    assert response.status_code == 422  # as for source=abc: a malformed query
    assert response.json()["detail"][0]["loc"] == ["query", "source", 0]


def test_recrawling_a_source_id_out_of_range_is_a_404(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, operator_token="a-long-operator-token")
    with TestClient(create_app(settings, Store.open(settings))) as web:
        auth = {"Authorization": "Bearer a-long-operator-token"}
        response = web.post(f"/api/sources/{HUGE}/crawl", headers=auth)
    assert response.status_code == 404 and "detail" in response.json()


@pytest.mark.parametrize("path", ["/tag/", "/article", "/nowhere", "/static/nowhere.css"])
def test_an_unknown_address_outside_the_api_is_the_html_404_page(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text and 'href="/"' in response.text


def test_an_unknown_api_address_keeps_its_json_404(client: TestClient) -> None:
    response = client.get("/api/nowhere")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_robots_txt_and_favicon_are_served(client: TestClient) -> None:
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    assert "User-agent: *" in robots.text and "Disallow: /api/" in robots.text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
    assert icon.content.startswith(b"\x89PNG")
