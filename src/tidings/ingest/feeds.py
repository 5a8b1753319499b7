"""One entry point for every feed format a source may serve.

The format is recognised from the bytes, not the Content-Type (publishers get
it wrong often): JSON Feed, sitemaps (news, plain, index), else RSS/Atom via
feedparser. Whatever the format, the result is a ``ParsedFeed`` or a
``FeedError`` with a reason an operator can read.
"""

from __future__ import annotations

import codecs

from tidings.ingest.entries import ParsedFeed, without_nuls
from tidings.ingest.jsonfeed import parse_json_feed
from tidings.ingest.site_pages import without_site_pages
from tidings.ingest.sitemaps import looks_like_sitemap, parse_sitemap
from tidings.ingest.syndication import parse_syndication

__all__ = ["ParsedFeed", "parse_feed"]


def parse_feed(
    content: bytes, url: str, headers: dict[str, str] | None = None, source_name: str | None = None
) -> ParsedFeed:
    """Parse feed bytes of any supported format; raise FeedError when they hold no feed."""
    if _looks_like_json(content):
        feed = parse_json_feed(content, url, source_name)
    elif looks_like_sitemap(content):
        feed = parse_sitemap(content, url, source_name)
    else:
        feed = parse_syndication(content, url, headers, source_name)
    without_nuls(feed)
    feed.entries, note = without_site_pages(feed.entries)
    if note:
        feed.warnings.append(note)
    return feed


def _looks_like_json(content: bytes) -> bool:
    return content.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"[")
