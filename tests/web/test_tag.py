"""A hashtag's page: its news, daily volume, related tags, sources, follow button."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tidings.web import aliases


def test_tag_page_lists_the_tag_newest_first_with_its_facts(client: TestClient) -> None:
    page = client.get("/api/tag/ZangezurCorridor").json()
    assert page["heading"] == "Latest news with #ZangezurCorridor"
    assert len(page["articles"]) == 6
    assert all("ZangezurCorridor" in {t["slug"] for t in a["tags"]} for a in page["articles"])
    bars = page["volume"]["bars"]
    assert len(bars) == 30 and page["volume"]["total"] == 6
    assert sum(bar["count"] for bar in bars) == 6
    related = {tag["slug"]: tag["count"] for tag in page["related"]}
    assert related == {"Azerbaijan": 6, "diplomaticConflict": 6}
    assert [s["source"]["name"] for s in page["top_sources"]] == ["Al Arabiya"]


def test_a_big_tag_pages_through_every_article_once(client: TestClient) -> None:
    seen, cursor = [], None
    while True:
        page = client.get("/api/tag/Russia", params={"cursor": cursor} if cursor else {}).json()
        seen += [a["listed_at"] for a in page["articles"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 30 and seen == sorted(seen, reverse=True)


def test_tag_html_has_a_chart_feeds_and_a_follow_button(client: TestClient) -> None:
    html = client.get("/tag/ZangezurCorridor").text
    assert "<h1>Latest news with #ZangezurCorridor</h1>" in html
    assert html.count("<rect ") == 30 and 'role="img"' in html
    assert 'data-follow="tag" data-key="ZangezurCorridor"' in html
    assert 'href="/tag/ZangezurCorridor/feed.xml"' in html


def test_unknown_tag_is_a_404_that_suggests_close_tags(client: TestClient) -> None:
    response = client.get("/api/tag/ZangezurCoridor")
    assert response.status_code == 404
    assert "ZangezurCorridor" in [tag["slug"] for tag in response.json()["suggestions"]]
    assert client.get("/tag/ZangezurCoridor").status_code == 404


@pytest.mark.skipif(
    aliases.canonical_tag is None,
    reason="tidings.enrich.tags.aliases (the tags branch) is not merged here yet",
)
def test_an_alias_redirects_to_its_tag(client: TestClient) -> None:
    assert aliases.canonical_tag is not None
    alias, canonical = "USA", aliases.canonical_tag("USA")
    assert canonical != alias
    response = client.get(f"/tag/{alias}", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/tag/{canonical}"


@pytest.mark.parametrize(
    "path, target",
    [
        ("/tag/russland", "/tag/Russia"),
        ("/api/tag/russland", "/api/tag/Russia"),
        ("/tag/russland/feed.xml", "/tag/Russia/feed.xml"),
        ("/tag/russland/atom.xml", "/tag/Russia/atom.xml"),
    ],
)
def test_an_alias_redirects_every_twin_and_keeps_the_query(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, target: str
) -> None:
    monkeypatch.setattr(
        aliases, "canonical_tag", lambda slug: {"russland": "Russia"}.get(slug, slug)
    )
    response = client.get(path, params={"cursor": "abc", "lang": "fr"}, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"{target}?cursor=abc&lang=fr"
    assert client.get(target).status_code == 200
