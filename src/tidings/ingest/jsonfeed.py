"""JSON Feed 1.0 / 1.1 (jsonfeed.org) to ``Document``s.

feedparser reads only XML formats, so JSON Feed gets its own small reader. The
format is loose in practice (strings where objects are expected, missing
fields), so every field is read defensively and a bad item is skipped, never
fatal.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from tidings.errors import FeedError
from tidings.ingest.dates import parse_datetime
from tidings.ingest.entries import ParsedFeed, clean, links_base, usable_link
from tidings.ingest.jsontext import load_json
from tidings.ingest.publisher import publisher_name, site_link
from tidings.ingest.urls import is_http_url
from tidings.models import Document, SourceRef


def parse_json_feed(content: bytes, url: str, source_name: str | None = None) -> ParsedFeed:
    """Parse JSON Feed bytes; raise FeedError when they are not a JSON Feed."""
    try:
        data = load_json(content.decode("utf-8-sig", errors="replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedError(f"not a feed (invalid JSON: {exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("JSON document without an 'items' list, not a JSON Feed")
    title = clean(data.get("title"))
    site_url = site_link(data.get("home_page_url"))
    publisher = publisher_name(title, site_url)
    source = SourceRef(name=source_name or publisher, url=url, site_url=site_url)
    language = clean(data.get("language"))
    items = data["items"]
    base = links_base(url, [data.get("feed_url"), data.get("home_page_url")])
    entries = [doc for item in items if (doc := _item_document(item, base, source, language))]
    warnings = []
    if len(entries) < len(items):
        warnings.append(f"{len(items) - len(entries)} entries without a usable link were skipped")
    return ParsedFeed(
        title=title,
        site_url=site_url,
        entries=entries,
        warnings=warnings,
        publisher=publisher,
    )


def _item_document(
    item: Any, feed_url: str, source: SourceRef, language: str | None
) -> Document | None:
    if not isinstance(item, dict):
        return None
    guid = item.get("id")
    candidates = [item.get("url"), item.get("external_url")]
    candidates.append(guid if isinstance(guid, str) and is_http_url(guid) else None)
    link = usable_link([c for c in candidates if isinstance(c, str)], feed_url)
    if not link:
        return None
    tags = [clean(tag) for tag in _list(item.get("tags")) if isinstance(tag, str)]
    tags = [tag for tag in tags if tag]
    image = item.get("image") or item.get("banner_image")
    return Document(
        url=link,
        title=clean(item.get("title")),
        summary_html=_content(item),
        published=parse_datetime(item.get("date_published") or item.get("date_modified")),
        author=_author(item),
        section=tags[0] if tags else None,
        keywords=tags[1:],
        image=urljoin(feed_url, image) if isinstance(image, str) else None,
        language=clean(item.get("language")) or language,
        source=source,
    )


def _content(item: dict[str, Any]) -> str | None:
    for key in ("content_html", "content_text", "summary"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _author(item: dict[str, Any]) -> str | None:
    authors = _list(item.get("authors")) or [item.get("author")]
    names = [clean(a.get("name")) for a in authors if isinstance(a, dict)]
    names = [name for name in names if name]
    return ", ".join(names) or None


def _list(value: Any) -> list[Any]:
    """A field the spec makes a list; anything else (``"tags": 5``) counts as absent."""
    return value if isinstance(value, list) else []
