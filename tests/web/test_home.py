"""The home page: latest news, trending hashtags against their baseline, sections."""

from __future__ import annotations

import re

import feedparser
from fastapi.testclient import TestClient


def test_trending_favours_a_surge_over_a_steady_frequent_tag(client: TestClient) -> None:
    home = client.get("/api/").json()
    trending = [tag["slug"] for tag in home["trending"]]
    assert "ZangezurCorridor" in trending
    assert "Russia" not in trending  # three a day, every day: frequent, not rising
    surge = next(tag for tag in home["trending"] if tag["slug"] == "ZangezurCorridor")
    assert surge["recent"] == 6 and surge["baseline"] == 0


def test_home_lists_newest_first_and_latest_by_section(client: TestClient) -> None:
    home = client.get("/api/").json()
    times = [article["listed_at"] for article in home["articles"]]
    assert times == sorted(times, reverse=True) and len(times) == 10
    sections = {block["section"]["slug"]: block for block in home["by_section"]}
    assert {"politics", "environment"} <= set(sections)
    assert all(len(block["articles"]) <= 3 for block in home["by_section"])
    assert sections["environment"]["articles"][0]["title"].startswith("La France")


def test_the_html_page_shows_the_same_data(client: TestClient) -> None:
    home = client.get("/api/").json()
    html = client.get("/").text
    assert home["articles"][0]["title"] in html
    assert 'href="/tag/ZangezurCorridor"' in html and "Trending hashtags" in html
    assert "<main" in html and 'role="search"' in html


def test_older_pages_follow_the_cursor(client: TestClient) -> None:
    first = client.get("/api/").json()
    second = client.get("/api/", params={"cursor": first["next_cursor"]}).json()
    assert first["articles"][-1]["listed_at"] >= second["articles"][0]["listed_at"]
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}
    assert client.get("/api/", params={"cursor": "bm90IGEgY3Vyc29y"}).status_code == 404


def test_the_home_page_is_titled_once_and_offers_the_latest_news_feed(client: TestClient) -> None:
    html = client.get("/").text
    assert "<title>Latest news · Tidings</title>" in html
    feed = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]* href="([^"]+)"', html)
    assert feed and feed.group(1) == "/edition/world/feed.xml"
    everything = feedparser.parse(client.get(feed.group(1)).content)
    assert len(everything.entries) == 10 and everything.feed.title == "Latest news"
