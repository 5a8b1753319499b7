"""Reading one subscription: its feed, wherever and whatever it turns out to be.

A source URL may name a feed of any format, a sitemap index whose sitemaps
hold the entries, or a home page that only links to its feed (autodiscovery).
``read_source`` hides those cases from the crawler and says where the source
really lives now (a permanent redirect or a discovered feed), so the stored
URL can be updated.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.errors import FeedError, FetchError
from tidings.ingest.discovery import discover_feeds
from tidings.ingest.encoding import decode_html
from tidings.ingest.entries import MAX_ENTRIES, ParsedFeed, newest
from tidings.ingest.feeds import parse_feed
from tidings.ingest.fetch import Fetcher, FetchResult


@dataclass(slots=True)
class SourceRead:
    """A source's response, its parsed feed (None when unchanged) and its new home."""

    fetched: FetchResult
    feed: ParsedFeed | None
    moved_to: str | None


async def read_source(
    fetcher: Fetcher,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    name: str | None = None,
) -> SourceRead:
    """Fetch and parse a source; raise FetchError or FeedError with the reason."""
    fetched = await fetcher.fetch(url, etag=etag, last_modified=last_modified)
    moved_to = fetched.permanent_redirect
    if fetched.not_modified:
        return SourceRead(fetched, None, moved_to)
    try:
        feed = parse_feed(fetched.content, fetched.final_url, fetched.headers, name)
    except FeedError:
        discovered = discover_feeds(
            decode_html(fetched.content, fetched.content_type), fetched.final_url
        )
        if not discovered:
            raise
        fetched = await fetcher.fetch(discovered[0])
        moved_to = fetched.permanent_redirect or discovered[0]
        feed = parse_feed(fetched.content, fetched.final_url, fetched.headers, name)
    await _read_children(fetcher, feed, name)
    _cap(feed)
    return SourceRead(fetched, feed, moved_to)


def _cap(feed: ParsedFeed) -> None:
    """One crawl takes the newest ``MAX_ENTRIES`` of a source; the rest wait (a warning)."""
    if len(feed.entries) > MAX_ENTRIES:
        feed.warnings.append(
            f"{len(feed.entries)} entries; took the newest {MAX_ENTRIES} in this crawl"
        )
        feed.entries = newest(feed.entries)


async def _read_children(fetcher: Fetcher, feed: ParsedFeed, name: str | None) -> None:
    """Entries of the sitemaps a sitemap index lists; a bad child is a warning."""
    for child in feed.children:
        try:
            fetched = await fetcher.fetch(child)
            part = parse_feed(fetched.content, fetched.final_url, fetched.headers, name)
        except (FetchError, FeedError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            feed.warnings.append(f"{child}: {reason}")
            continue
        feed.entries.extend(part.entries)
        feed.warnings.extend(part.warnings)
