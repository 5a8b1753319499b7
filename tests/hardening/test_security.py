"""Security headers, rate limits and the operator token, through the real app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.config import Settings
from tidings.store import Store
from tidings.web.app import create_app
from tidings.web.security import TokenBuckets

TOKEN = "a-long-operator-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def client(tmp_path: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path, **settings)))  # type: ignore[arg-type]


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("path", ["/", "/api/", "/static/site.css", "/tag/unknownTag", "/nowhere"])
def test_every_response_carries_the_security_headers(tmp_path: Path, path: str) -> None:
    response = client(tmp_path).get(path)
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["permissions-policy"]


def test_search_and_the_api_answer_429_with_retry_after_past_the_limit(tmp_path: Path) -> None:
    web = client(tmp_path, rate_limit_per_minute=3)
    assert [web.get("/api/").status_code for _ in range(3)] == [200, 200, 200]
    refused = web.get("/api/tag/anything")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-security-policy"]  # refusals are protected too
    assert web.get("/").status_code == 200  # pages are not rate-limited


def test_a_zero_limit_turns_rate_limiting_off(tmp_path: Path) -> None:
    web = client(tmp_path, rate_limit_per_minute=0)
    assert {web.get("/api/").status_code for _ in range(20)} == {200}


def test_buckets_refill_with_time_and_per_client() -> None:
    now = [0.0]
    buckets = TokenBuckets(60, clock=lambda: now[0])  # one a second
    assert all(buckets.take("a") == 0 for _ in range(60))
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0  # another client has its own bucket
    now[0] += 2.0
    assert buckets.take("a") == 0


def test_forgotten_clients_keep_memory_bounded() -> None:
    now = [0.0]
    buckets = TokenBuckets(60, max_clients=100, clock=lambda: now[0])
    for n in range(1000):
        now[0] += 1.0  # earlier clients' buckets are full again
        buckets.take(f"10.0.{n // 256}.{n % 256}")
    assert len(buckets._buckets) <= 101


def test_without_an_operator_token_the_site_is_read_only(tmp_path: Path) -> None:
    response = client(tmp_path).post("/api/sources", json={"url": "https://example.com/feed"})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert Store.open(Settings(data_dir=tmp_path)).sources.count() == 0


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer"])
def test_a_missing_or_wrong_token_is_refused(tmp_path: Path, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    web = client(tmp_path, operator_token=TOKEN)
    response = web.post("/api/sources", json={"url": "https://example.com/feed"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert web.post("/api/sources/1/crawl", headers=headers).status_code == 401


def test_the_operator_adds_a_source_once(tmp_path: Path) -> None:
    web = client(tmp_path, operator_token=TOKEN)
    body = {"url": "https://example.com/feed.xml", "title": "Example"}
    first = web.post("/api/sources", json=body, headers=AUTH)
    assert first.status_code == 201
    assert first.json()["source"]["name"] == "Example"
    again = web.post("/api/sources", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["created"] is False
    bad = web.post("/api/sources", json={"url": "javascript:alert(1)"}, headers=AUTH)
    assert bad.status_code == 422


def test_the_operator_asks_for_a_recrawl_of_a_broken_source(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, operator_token=TOKEN)
    store = Store.open(settings)
    source, _ = store.sources.add("https://example.com/feed.xml")
    store.sources.record_failure(source.id, "HTTP 500", retry_in=timedelta(days=3), broken_after=1)
    assert store.sources.due() == []
    web = TestClient(create_app(settings, store))
    response = web.post(f"/api/sources/{source.id}/crawl", headers=AUTH)
    assert response.status_code == 202 and response.json()["broken"] is False
    assert [s.id for s in store.sources.due()] == [source.id]
    assert web.post("/api/sources/999/crawl", headers=AUTH).status_code == 404
