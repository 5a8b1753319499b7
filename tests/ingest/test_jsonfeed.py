import json

import pytest

from tidings.errors import FeedError
from tidings.ingest.jsonfeed import parse_json_feed

FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Example JSON",
    "home_page_url": "https://example.com/",
    "language": "fr",
    "items": [
        {
            "id": "1",
            "url": "/2025/06/talks",
            "title": " Border   talks ",
            "content_html": "<p>Talks stalled.</p>",
            "date_published": "2025-06-24T10:00:00+02:00",
            "authors": [{"name": "A. Writer"}, "not an object"],
            "tags": ["Politics", "Asia"],
            "image": "/img/1.jpg",
        },
        {"id": "no-link", "title": "Skipped"},
        "not an item",
    ],
}


def test_items_become_documents_and_bad_items_are_skipped() -> None:
    feed = parse_json_feed(json.dumps(FEED).encode(), "https://example.com/feed.json")
    assert feed.title == "Example JSON" and feed.site_url == "https://example.com/"
    [entry] = feed.entries
    assert entry.url == "https://example.com/2025/06/talks"
    assert entry.title == "Border talks" and entry.author == "A. Writer"
    assert entry.published is not None and entry.published.hour == 8
    assert entry.section == "Politics" and entry.keywords == ["Asia"]
    assert entry.image == "https://example.com/img/1.jpg" and entry.language == "fr"
    assert feed.warnings == ["2 entries without a usable link were skipped"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "invalid JSON"),
        (b'{"title": "x"}', "without an .items. list"),
        (b"[1, 2]", "items"),
    ],
)
def test_json_that_is_no_feed_gets_a_readable_error(content: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_json_feed(content, "https://example.com/feed.json")


def test_fields_of_the_wrong_type_are_ignored_and_lone_surrogates_replaced() -> None:
    item = {"url": "https://x.org/a", "title": "bad \ud800 x", "tags": 5, "authors": 5}
    content = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]})
    [entry] = parse_json_feed(content.encode(), "https://x.org/feed.json").entries
    assert (entry.title, entry.section, entry.author) == ("bad \ufffd x", None, None)
