"""A publisher's feeds on 127.0.0.1 -> `tidings crawl` -> the reader's pages."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.support import tidings, tidings_json
from tidings.config import Settings
from tidings.eval.newsserver import NewsServer, load_pages
from tidings.web.app import create_app

PAGES = 12


@pytest.fixture(scope="module")
def site(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """A loopback news site, crawled once into a fresh data folder."""
    pages = load_pages(shared_data / "article_extraction_aeb", limit=PAGES)
    data_dir = tmp_path_factory.mktemp("e2e")
    with NewsServer(pages) as server:
        for path in ("/rss.xml", "/atom.xml"):
            tidings(data_dir, "sources", "add", server.url(path))
        first = tidings_json(data_dir, "crawl")
        second = tidings_json(data_dir, "crawl", "--all")
        yield server, data_dir, first, second


@pytest.fixture(scope="module")
def client(site) -> TestClient:
    _server, data_dir, *_ = site
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        yield client


def test_first_crawl_stores_every_article_and_the_second_adds_nothing(site) -> None:
    _server, _data_dir, first, second = site
    assert first["errors"] == [] and first["new"] == PAGES
    assert second["new"] == 0 and second["updated"] == 0 and second["skipped"] == PAGES


def test_home_and_article_pages_show_real_headlines_dates_and_text(site, client) -> None:
    server, *_ = site
    api = client.get("/api/").json()
    assert len(api["articles"]) == PAGES
    newest = api["articles"][0]
    page = max(server.pages.values(), key=lambda p: p.published)
    assert newest["published_at"].startswith(page.published.date().isoformat())
    html = client.get(f"/article/{newest['id']}").text
    assert newest["title"] in html
    shown = " ".join(unescape(html).split())
    openings = [" ".join(p.split()[:8]) for p in page.text.split("\n") if len(p.split()) >= 8]
    assert any(opening in shown for opening in openings[:3]), "the body text is on the page"
    assert f"{page.published.day} {page.published:%B %Y}" in html


def test_tag_pages_list_their_articles_and_unknown_tags_suggest(client) -> None:
    articles = client.get("/api/").json()["articles"]
    tagged = [a for a in articles if a["tags"]]
    assert len(tagged) >= len(articles) * 2 / 3, "crawled articles get hashtags"
    article = tagged[0]
    slug = article["tags"][0]["slug"]
    html = client.get(f"/tag/{slug}").text
    assert f"Latest news with #{slug}" in html and article["title"] in html
    missing = client.get(f"/tag/{slug}x")
    assert missing.status_code == 404 and f"#{slug}" in missing.text
    assert client.get(f"/api/tag/{slug}x").json()["suggestions"][0]["slug"] == slug


def test_broken_sources_are_recorded_and_nothing_stored_is_lost(site, client) -> None:
    server, data_dir, *_ = site
    before = len(client.get("/api/").json()["articles"])
    for path in ("/broken/404", "/broken/not-xml", "/broken/html-as-feed"):
        tidings(data_dir, "sources", "add", server.url(path))
    report = tidings_json(data_dir, "crawl")
    reasons = {error["where"].rsplit("/", 1)[-1]: error["why"] for error in report["errors"]}
    assert "404" in reasons["404"] and "not a feed" in reasons["not-xml"]
    assert "HTML page" in reasons["html-as-feed"]
    assert len(client.get("/api/").json()["articles"]) == before
    listing = json.loads(tidings(data_dir, "sources", "list", "--json"))
    assert sum(1 for source in listing if source["error"]) == 3


def test_seed_articles_ingest_and_show_source_date_and_section(shared_data, tmp_path) -> None:
    report = tidings_json(tmp_path, "ingest", str(shared_data / "seed" / "articles.jsonl"))
    assert report["new"] == 2 and report["errors"] == []
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        articles = client.get("/api/").json()["articles"]
        by_source = {a["source"]["name"]: a for a in articles}
        assert by_source["Al Jazeera"]["published_at"].startswith("2025-07-10")
        assert by_source["Al Arabiya"]["published_at"].startswith("2025-06-24")
        assert {a["section"]["display"] for a in articles} == {"Politics"}
        html = client.get("/").text
        assert "Al Jazeera" in html and "10 July 2025" in html and "Politics" in html


def test_bad_offline_input_is_reported_line_by_line(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.html").write_text("<html><body><nav>Menu</nav></body></html>")
    (folder / "items.jsonl").write_text(
        '{"url": "https://x.example/a", "title": "Quake hits coast", "text": "'
        + "A strong earthquake struck the coast on Monday. " * 5
        + '"}\nnot json\n'
    )
    report = tidings_json(tmp_path, "ingest", str(folder))
    assert report["new"] == 1
    wheres = sorted(error["where"] for error in report["errors"])
    assert any(w.endswith("items.jsonl:2") for w in wheres)
    assert any("empty.html" in w for w in wheres)
