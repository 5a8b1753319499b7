"""The shell every page shares: PWA files, security headers, no inline or third-party script."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

PAGES = ["/", "/tag/Russia", "/section/politics", "/search?q=Baku", "/for-you", "/docs", "/offline"]


def test_manifest_names_icons_that_exist(client: TestClient, app_dir: Path) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    assert client.get("/sw.js").headers["content-type"].startswith("text/javascript")


def test_every_page_has_a_strict_policy_and_only_own_scripts(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.text
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert scripts and all('src="/static/' in attrs for attrs in scripts), path
        assert not re.search(
            r'(src|href)="(https?:)?//(?!www\.lemonde|www\.aljazeera)', html.split("<main")[0]
        )
        assert "<main" in html and "<h1" in html and 'lang="en"' in html


def test_api_description_is_served_here(client: TestClient) -> None:
    assert "/api/tag/{slug}" in client.get("/openapi.json").json()["paths"]
    html = client.get("/docs").text
    assert "GET /api/search" in html and "cdn" not in html.lower()


def test_for_you_json_joins_follows_and_drops_muted_tags(client: TestClient) -> None:
    page = client.get(
        "/api/for-you",
        params=[("tag", "ZangezurCorridor"), ("tag", "France"), ("mute", "climateChange")],
    ).json()
    assert {a["title"][:12] for a in page["articles"]} == {"Azerbaijan a"}
    everything = client.get("/api/for-you", params=[("tag", "France")]).json()
    assert len(everything["articles"]) == 4
    assert client.get("/api/for-you").json()["articles"] == []
