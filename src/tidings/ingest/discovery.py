"""Feed autodiscovery: the feeds an HTML page announces about itself.

``tidings sources add https://site/`` often names a home page, not a feed.
Pages declare their feeds with ``<link rel="alternate" type="application/rss+xml"
href="...">`` (and Atom / JSON Feed types); the first one declared is the
site's main feed by convention.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from tidings.ingest.entries import usable_link

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "text/xml",
        "application/xml",
    }
)


def discover_feeds(page: str, page_url: str) -> list[str]:
    """Absolute URLs of the feeds ``page`` links to, in the order declared."""
    try:
        tree = lxml_html.document_fromstring(page[:1_000_000])
    except (ValueError, etree.ParserError):
        return []
    found: list[str] = []
    base = tree.xpath("string(//base/@href)") or page_url
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            url = usable_link([link.get("href")], usable_link([base], page_url) or page_url)
            if url and url.startswith("http") and url not in found:
                found.append(url)
    return found
