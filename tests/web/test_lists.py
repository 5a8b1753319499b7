"""Section and source pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.corpus import Written
from tidings.config import Settings
from tidings.store import Store
from tidings.web.app import create_app


def test_section_page_lists_only_its_section(client: TestClient) -> None:
    page = client.get("/api/section/environment").json()
    assert page["heading"] == "Latest news in Environment"
    assert {a["section"]["slug"] for a in page["articles"]} == {"environment"}
    assert len(page["articles"]) == 4
    assert client.get("/api/section/no-such-section").status_code == 404


def test_source_page_shows_its_health_and_articles(client: TestClient, written: Written) -> None:
    source_id = written.source_ids[2]
    page = client.get(f"/api/source/{source_id}").json()
    assert page["source"]["name"] == "Le Monde" and page["source"]["error_count"] == 0
    assert {a["source"]["id"] for a in page["articles"]} == {source_id}
    html = client.get(f"/source/{source_id}").text
    assert "https://www.lemonde.fr/rss/une.xml" in html and 'data-follow="source"' in html
    assert client.get("/api/source/999").status_code == 404


def test_a_known_section_with_no_news_yet_is_a_page_that_says_so(client: TestClient) -> None:
    page = client.get("/api/section/human-interest")
    assert page.status_code == 200 and page.json()["articles"] == []
    html = client.get("/section/human-interest")
    assert html.status_code == 200 and "No news in Human Interest yet." in html.text
    assert "tidings sources add" not in html.text
    assert client.get("/section/human-interest/feed.xml").status_code == 200
    assert client.get("/section/no-such-section").status_code == 404
    assert client.get("/section/no-such-section/feed.xml").status_code == 404


def test_a_source_page_links_web_addresses_only_and_prints_no_server_path(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings)
    path = "file:///work/shared/data/feeds/world.xml"
    imported, _ = store.sources.add(path, kind="archive")  # an offline import, no title
    named, _ = store.sources.add(
        "urn:tidings:source:al-jazeera", title="Al Jazeera", kind="archive"
    )
    with TestClient(create_app(settings, store)) as web:
        for source in (imported, named):
            html = web.get(f"/source/{source.id}").text
            page = web.get(f"/api/source/{source.id}").json()
            assert "/work/shared" not in html + str(page) and 'href="urn:' not in html
            assert page["source"]["url"] is None and "Imported from an archive" in html
        assert web.get(f"/api/source/{imported.id}").json()["title"] == f"Source {imported.id}"
        assert "<h1>Latest news from Al Jazeera</h1>" in web.get(f"/source/{named.id}").text
        assert "publisher's site" not in web.get(f"/source/{named.id}").text


def test_a_source_page_links_the_publishers_site(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings)
    source_id = store.sources.for_archive("Dawn", "file:///data/dawn.xml", "https://www.dawn.com/")
    with TestClient(create_app(settings, store)) as web:
        html = web.get(f"/source/{source_id}").text
        page = web.get(f"/api/source/{source_id}").json()
    assert page["source"]["site_url"] == "https://www.dawn.com/"
    assert 'the publisher\'s site <a href="https://www.dawn.com/" rel="noopener">' in html
