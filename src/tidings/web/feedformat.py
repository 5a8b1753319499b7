"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one list of items.

XML is built with ElementTree (escaping is the library's job, not ours); the
three formats carry the same items, newest first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"
# RSS 2.0's own <author> must be an e-mail address; feeds name people with Dublin Core.
DC_NS = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str  # the permanent URL of the article's page here
    url: str
    title: str
    summary: str
    published: datetime | None  # None: the article has no date, and none is invented
    added: datetime  # when it joined the list: Atom's required entry "updated" without a date
    original_url: str | None
    author: str | None
    tags: tuple[str, ...]
    publisher: str | None = None  # who published it: an aggregator's items come from many
    publisher_feed: str | None = None  # the publisher's feed (RSS <source url>), http(s) only
    publisher_site: str | None = None

    @property
    def updated(self) -> datetime:
        return self.published or self.added


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    home_url: str  # the HTML page the feed mirrors
    feed_url: str
    description: str
    items: list[FeedItem]

    @property
    def updated(self) -> datetime:
        return max((item.updated for item in self.items), default=datetime(1970, 1, 1, tzinfo=UTC))


def rss(feed: Feed) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DC_NS})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.home_url)
    _text(channel, "description", feed.description)
    _text(channel, "lastBuildDate", format_datetime(feed.updated))
    ET.SubElement(
        channel, "atom:link", {"href": feed.feed_url, "rel": "self", "type": "application/rss+xml"}
    )
    for item in feed.items:
        node = ET.SubElement(channel, "item")
        _text(node, "title", item.title)
        _text(node, "link", item.url)
        _text(node, "guid", item.id).set("isPermaLink", "true")
        if item.published:
            _text(node, "pubDate", format_datetime(item.published))
        if item.author:  # the byline Atom and JSON Feed carry too
            _text(node, "dc:creator", item.author)
        if item.publisher and item.publisher_feed:  # RSS requires the source's feed address
            _text(node, "source", item.publisher).set("url", item.publisher_feed)
        _text(node, "description", item.summary)
        for tag in item.tags:
            _text(node, "category", tag)
    return _xml(root)


def atom(feed: Feed) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(root, "title", feed.title)
    _text(root, "id", feed.feed_url)
    _text(root, "updated", feed.updated.isoformat())
    ET.SubElement(root, "link", {"href": feed.home_url, "rel": "alternate", "type": "text/html"})
    ET.SubElement(root, "link", {"href": feed.feed_url, "rel": "self"})
    _text(root, "subtitle", feed.description)
    # Atom wants an author on every entry; the feed's stands in for one with no byline or source.
    _text(ET.SubElement(root, "author"), "name", feed.title)
    for item in feed.items:
        entry = ET.SubElement(root, "entry")
        _text(entry, "title", item.title)
        _text(entry, "id", item.id)
        ET.SubElement(entry, "link", {"href": item.url, "rel": "alternate"})
        if item.original_url:
            ET.SubElement(entry, "link", {"href": item.original_url, "rel": "related"})
        _text(entry, "updated", item.updated.isoformat())
        if item.published:
            _text(entry, "published", item.published.isoformat())
        if byline := item.author or item.publisher:
            _text(ET.SubElement(entry, "author"), "name", byline)
        if item.publisher:
            _atom_source(entry, item)
        _text(entry, "summary", item.summary)
        for tag in item.tags:
            ET.SubElement(entry, "category", {"term": tag})
    return _xml(root)


def _atom_source(entry: ET.Element, item: FeedItem) -> None:
    """The publisher's feed the entry came from, as Atom's <source> names it."""
    source = ET.SubElement(entry, "source")
    _text(source, "title", item.publisher or "")
    if item.publisher_site:
        ET.SubElement(source, "link", {"href": item.publisher_site, "rel": "alternate"})
    if item.publisher_feed:
        ET.SubElement(source, "link", {"href": item.publisher_feed, "rel": "self"})


def json_feed(feed: Feed) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.feed_url,
        "description": feed.description,
        "items": [_json_item(item) for item in feed.items],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _json_item(item: FeedItem) -> dict:
    """JSON Feed leaves out what is unknown rather than writing null."""
    found = {
        "id": item.id,
        "url": item.url,
        "external_url": item.original_url,
        "title": item.title,
        "content_text": item.summary,
        "date_published": item.published.isoformat() if item.published else None,
        "authors": _json_authors(item),
        "tags": list(item.tags) or None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _json_authors(item: FeedItem) -> list[dict[str, str]] | None:
    """The byline, else the publisher: JSON Feed has no field for an item's source."""
    if item.author:
        return [{"name": item.author}]
    if item.publisher:
        found = {"name": item.publisher, "url": item.publisher_site}
        return [{key: value for key, value in found.items() if value}]
    return None


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    node = ET.SubElement(parent, name)
    node.text = _xml_safe(value)
    return node


def _xml_safe(value: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped; drop them."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


FORMATS = {
    "feed.xml": ("application/rss+xml; charset=utf-8", rss),
    "atom.xml": ("application/atom+xml; charset=utf-8", atom),
    "feed.json": ("application/feed+json; charset=utf-8", json_feed),
}
