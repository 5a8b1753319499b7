"""RSS 0.9x/1.0/2.0 and Atom to ``Document``s, through feedparser.

feedparser does the format work and tolerates broken XML; this module decides
what counts as "no feed at all" (so the source gets a readable error) and maps
entries to the fields the rest of the pipeline understands.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from tidings.errors import FeedError
from tidings.ingest.dates import plausible_date
from tidings.ingest.entries import HTML_TYPES, ParsedFeed, clean, links_base, usable_link
from tidings.ingest.publisher import publisher_name, site_link
from tidings.models import Document, SourceRef

FEED_HINTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf", b"<channel", b"<?xml")


def parse_syndication(
    content: bytes, url: str, headers: dict[str, str] | None = None, source_name: str | None = None
) -> ParsedFeed:
    """Parse RSS/Atom bytes; raise FeedError when they hold no feed."""
    parsed = feedparser.parse(content, response_headers=headers or {}, sanitize_html=False)
    feed = parsed.get("feed", {})
    if not parsed.entries and not feed.get("title") and not _looks_like_feed(content):
        raise FeedError(_not_a_feed_reason(parsed, content))
    title = _declared_text(feed, "title")
    site_url = site_link(feed.get("link"))
    publisher = publisher_name(title, site_url)
    source = SourceRef(name=source_name or publisher, url=url, site_url=site_url)
    selves = [link.get("href") for link in feed.get("links", []) if link.get("rel") == "self"]
    base = links_base(url, [*selves, feed.get("link")])
    entries = [doc for entry in parsed.entries if (doc := _entry_document(entry, base, source))]
    warnings = []
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        warnings.append(f"feed is not well-formed: {parsed['bozo_exception']}")
    skipped = len(parsed.entries) - len(entries)
    if skipped:
        warnings.append(f"{skipped} entries without a usable link were skipped")
    return ParsedFeed(
        title=title,
        site_url=site_url,
        entries=entries,
        warnings=warnings,
        updated=_parsed_date(feed, ("updated_parsed", "published_parsed")),
        publisher=publisher,
    )


def _looks_like_feed(content: bytes) -> bool:
    head = content[:2048].lower()
    return any(hint in head for hint in FEED_HINTS) and b"<html" not in head


def _not_a_feed_reason(parsed: Any, content: bytes) -> str:
    if not content.strip():
        return "empty document, not a feed"
    if b"<html" in content[:4096].lower():
        return "an HTML page, not a feed"
    error = parsed.get("bozo_exception")
    return f"not a feed ({error})" if error else "not a feed"


def _entry_document(entry: Any, feed_url: str, source: SourceRef) -> Document | None:
    link = _entry_link(entry, feed_url)
    if not link:
        return None
    tags = [clean(tag.get("term")) for tag in entry.get("tags", [])]
    tags = [tag for tag in tags if tag]
    return Document(
        url=link,
        title=_declared_text(entry, "title"),
        summary_html=_entry_content(entry),
        published=_entry_date(entry),
        author=clean(entry.get("author")),
        section=tags[0] if tags else None,
        keywords=tags[1:],
        image=_entry_image(entry, feed_url),
        language=clean(entry.get("language")),
        source=source,
    )


def _declared_text(item: Any, key: str) -> str | None:
    """A text field read as the type the feed declares for it (feedparser's
    ``<key>_detail``): an html-typed title arrives with its entities, a plain one
    already decoded."""
    declared = (item.get(f"{key}_detail") or {}).get("type")
    return clean(item.get(key), markup=declared in HTML_TYPES if declared else None)


def _entry_link(entry: Any, feed_url: str) -> str | None:
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", []) if link.get("href")]
    guid = entry.get("id")
    if entry.get("guidislink") or (guid and str(guid).startswith("http")):
        candidates.append(guid)
    return usable_link(candidates, feed_url)


def _entry_content(entry: Any) -> str | None:
    contents = entry.get("content") or []
    values = [item.get("value", "") for item in contents if item.get("value")]
    if values:
        return max(values, key=len)
    return entry.get("summary") or None


def _entry_date(entry: Any) -> datetime | None:
    """The first plausible date the entry gives: Hugo writes year 1 as the publication
    date of an entry whose update date is real."""
    return _parsed_date(entry, ("published_parsed", "updated_parsed", "created_parsed"))


def _parsed_date(item: Any, keys: tuple[str, ...]) -> datetime | None:
    """The first plausible date among feedparser's parsed ``keys`` of an entry or feed
    (a feed's ``updated`` is RSS ``lastBuildDate``: when the file was written)."""
    for key in keys:
        value = item.get(key)
        if value:
            try:
                when = plausible_date(datetime.fromtimestamp(calendar.timegm(value), tz=UTC))
            except (OverflowError, ValueError, OSError):
                continue
            if when is not None:
                return when
    return None


def _entry_image(entry: Any, feed_url: str) -> str | None:
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key, []) or []:
            url = media.get("url")
            if url and media.get("medium", "image") == "image":
                return urljoin(feed_url, url)
    for enclosure in entry.get("enclosures", []) or []:
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return urljoin(feed_url, enclosure["href"])
    return None
