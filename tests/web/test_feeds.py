"""Feeds out: valid RSS, Atom and JSON Feed for every list, with conditional GET."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.web.corpus import Written
from tidings.web.app import create_app
from tidings.web.feedformat import Feed, FeedItem, atom, json_feed, rss

LISTS = ["/tag/ZangezurCorridor", "/section/environment", "/edition/France", "/search"]


@pytest.mark.parametrize("base", LISTS)
@pytest.mark.parametrize("file", ["feed.xml", "atom.xml"])
def test_xml_feeds_parse_cleanly(client: TestClient, base: str, file: str) -> None:
    params = {"q": "Baku"} if base == "/search" else {}
    response = client.get(f"{base}/{file}", params=params)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if file == "feed.xml" else "atom10")
    assert parsed.entries and all(entry.link.startswith("http") for entry in parsed.entries)
    assert all(entry.get("published_parsed") for entry in parsed.entries)


def test_json_feed_of_a_source(client: TestClient, written: Written) -> None:
    feed = client.get(f"/source/{written.source_ids[2]}/feed.json").json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == 4 and feed["items"][0]["external_url"].startswith(
        "https://www.lemonde.fr"
    )


def test_conditional_get_answers_304(client: TestClient) -> None:
    first = client.get("/tag/Russia/feed.xml")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/tag/Russia/feed.xml", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_unknown_feed_or_list_is_a_404(client: TestClient) -> None:
    assert client.get("/tag/Russia/feed.txt").status_code == 404
    assert client.get("/tag/NoSuchTag/feed.xml").status_code == 404
    assert client.get("/edition/Atlantis/feed.xml").status_code == 404


def test_search_feeds_share_the_search_rate_limit(written_store) -> None:
    settings, store, _written = written_store
    limited = replace(settings, rate_limit_per_minute=4)
    with TestClient(create_app(limited, store)) as web:
        asked = [
            web.get(f"/search/{file}", params={"q": "Baku"})
            for file in ("feed.xml", "atom.xml", "feed.json")
        ]
        assert [r.status_code for r in asked] == [200, 200, 200]
        assert web.get("/search", params={"q": "Baku"}).status_code == 200
        refused = web.get("/search/feed.xml", params={"q": "Baku"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_feeds_build_their_links_on_the_public_url_when_it_is_set(written_store) -> None:
    settings, store, _written = written_store
    public = replace(settings, public_url="https://news.example.org/")
    with TestClient(create_app(public, store)) as web:
        feed = web.get("/tag/Russia/feed.json?x=1", headers={"Host": "evil.example"}).json()
    assert feed["home_page_url"] == "https://news.example.org/tag/Russia"
    assert feed["feed_url"] == "https://news.example.org/tag/Russia/feed.json?x=1"
    assert all(i["url"].startswith("https://news.example.org/article/") for i in feed["items"])


def test_without_a_public_url_feeds_use_the_address_asked(client: TestClient) -> None:
    feed = client.get("/tag/Russia/feed.json").json()
    assert feed["feed_url"] == "http://testserver/tag/Russia/feed.json"


def dam_breaks(author: str | None = None) -> FeedItem:
    """One item, published a day before Tidings added it."""
    return FeedItem(
        "https://t.example/article/1",
        "https://t.example/article/1",
        "Dam breaks",
        "",
        datetime(2026, 2, 17, tzinfo=UTC),
        datetime(2026, 2, 18, tzinfo=UTC),
        None,
        author,
        (),
    )


def test_what_a_publisher_did_not_say_is_left_out_not_invented() -> None:
    """No "unknown" author in Atom (the feed's own author stands in), no nulls in
    JSON Feed, whose readers treat a present key as a value, and no invented date
    for an archived article that has none (Atom's required "updated" is when it was added)."""
    item = dam_breaks()
    undated = replace(item, id="https://t.example/article/2", published=None)
    feed = Feed(
        "Latest news · Tidings",
        "https://t.example/",
        "https://t.example/atom.xml",
        "All the news",
        [item, undated],
    )
    parsed = feedparser.parse(atom(feed))
    assert not parsed.bozo and parsed.feed.author == "Latest news · Tidings"
    assert "unknown" not in atom(feed).decode()
    assert [e.get("published") for e in parsed.entries] == ["2026-02-17T00:00:00+00:00", None]
    assert [e.updated for e in parsed.entries] == [
        "2026-02-17T00:00:00+00:00",
        "2026-02-18T00:00:00+00:00",
    ]
    assert [e.get("published") for e in feedparser.parse(rss(feed)).entries][1] is None
    written, written_undated = json.loads(json_feed(feed))["items"]
    assert None not in written.values() and None not in written_undated.values()
    assert "external_url" not in written and "authors" not in written
    assert "date_published" in written and "date_published" not in written_undated


def test_the_three_formats_carry_the_byline() -> None:
    """An RSS reader showed no author where Atom and JSON Feed named one: RSS's own
    <author> wants an e-mail address, so the byline goes in Dublin Core's creator."""
    item = dam_breaks("Jane Doe")
    anonymous = replace(item, id="https://t.example/article/2", author=None)
    feed = Feed("News", "https://t.example/", "https://t.example/feed.xml", "", [item, anonymous])
    parsed = feedparser.parse(rss(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.get("author") for e in parsed.entries] == ["Jane Doe", None]
    assert feedparser.parse(atom(feed)).entries[0].author == "Jane Doe"
    assert json.loads(json_feed(feed))["items"][0]["authors"] == [{"name": "Jane Doe"}]


def test_the_three_formats_name_each_items_publisher() -> None:
    """An aggregator's feed mixes publishers: without its source an item read as the
    aggregator's own. RSS and Atom name it in <source>; JSON Feed, which has no such
    field, names the publisher as the author when there is no byline."""
    item = replace(
        dam_breaks("Jane Doe"),
        publisher="Al Jazeera",
        publisher_feed="https://www.aljazeera.com/xml/rss/all.xml",
        publisher_site="https://www.aljazeera.com/",
    )
    unsigned = replace(item, id="https://t.example/article/2", author=None)
    archived = replace(unsigned, id="https://t.example/article/3", publisher_feed=None)
    feed = Feed("News", "https://t.example/", "https://t.example/feed.xml", "", [item, unsigned])
    entries = feedparser.parse(rss(replace(feed, items=[item, archived]))).entries
    assert entries[0].source == {
        "href": "https://www.aljazeera.com/xml/rss/all.xml",
        "title": "Al Jazeera",
    }
    assert "source" not in entries[1]  # RSS's <source> needs the feed's address
    parsed = feedparser.parse(atom(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.source.title for e in parsed.entries] == ["Al Jazeera", "Al Jazeera"]
    assert [e.author for e in parsed.entries] == ["Jane Doe", "Al Jazeera"]
    assert [i["authors"] for i in json.loads(json_feed(feed))["items"]] == [
        [{"name": "Jane Doe"}],
        [{"name": "Al Jazeera", "url": "https://www.aljazeera.com/"}],
    ]


def test_a_served_feed_names_the_publishers(client: TestClient) -> None:
    entries = feedparser.parse(client.get("/tag/ZangezurCorridor/feed.xml").content).entries
    assert entries and all(entry.source.title for entry in entries)
