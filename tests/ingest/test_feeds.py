from datetime import UTC, datetime

import pytest

from tidings.errors import FeedError
from tidings.ingest.feeds import parse_feed

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>
<link>https://example.com/</link>
<item><title>Border talks stall</title><link>/world/border-talks</link>
<pubDate>Tue, 24 Jun 2025 10:00:00 GMT</pubDate><category>Politics</category>
<category>Asia</category><description>&lt;p&gt;Talks stalled.&lt;/p&gt;</description></item>
<item><title>No link here</title></item>
</channel></rss>"""


def test_rss_entries_become_documents_with_absolute_links() -> None:
    feed = parse_feed(RSS, "https://example.com/rss.xml")
    assert feed.title == "Example News"
    [entry] = feed.entries
    assert entry.url == "https://example.com/world/border-talks"
    assert entry.published == datetime(2025, 6, 24, 10, tzinfo=UTC)
    assert entry.section == "Politics" and entry.keywords == ["Asia"]
    assert "Talks stalled" in (entry.summary_html or "")
    assert entry.source.name == "Example News"
    assert any("without a usable link" in w for w in feed.warnings)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"<!doctype html><html><body><p>Hello</p></body></html>", "HTML page"),
        (b"this is { not a feed", "not a feed"),
    ],
)
def test_documents_that_are_not_feeds_get_a_readable_error(content: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(content, "https://example.com/feed")


def test_real_world_feeds_parse_or_fail_cleanly(shared_data) -> None:
    import gzip
    import json

    folder = shared_data / "feeds_realworld_fastfeedparser"
    records = [json.loads(line) for line in (folder / "index.jsonl").read_text().splitlines()]
    parsed = 0
    for record in records[:40]:
        content = gzip.decompress((folder / record["file"]).read_bytes())
        try:
            feed = parse_feed(content, "https://example.org/feed")
        except FeedError:
            continue
        parsed += bool(feed.entries)
    assert parsed >= 35
