"""Sitemaps (sitemaps.org), Google News sitemaps and sitemap indexes.

Many publishers expose a news sitemap but no feed. A plain sitemap can list a
whole site's archive, so only the newest ``MAX_ENTRIES`` entries are kept (by
``lastmod`` / publication date) and the cut is reported as a warning. An index
names further sitemaps; they become ``children`` for the crawler to follow.
"""

from __future__ import annotations

from lxml import etree

from tidings.errors import FeedError
from tidings.ingest.dates import parse_datetime
from tidings.ingest.entries import MAX_ENTRIES, OLDEST, ParsedFeed, clean, newest, usable_link
from tidings.models import Document, SourceRef

MAX_CHILDREN = 10
PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)


def looks_like_sitemap(content: bytes) -> bool:
    head = content[:4096].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(content: bytes, url: str, source_name: str | None = None) -> ParsedFeed:
    """Entries of a (news) sitemap, or the children of a sitemap index."""
    try:
        root = etree.fromstring(content, PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not a sitemap ({exc})") from exc
    if root is None:
        raise FeedError("not a sitemap (no XML element found)")
    name = etree.QName(root).localname.lower()
    if name == "sitemapindex":
        return _index(root, url)
    if name != "urlset":
        raise FeedError(f"not a sitemap (root element <{name}>)")
    source = SourceRef(name=source_name, url=url)
    nodes = root.iterfind("{*}url")
    documents = [doc for node in nodes if (doc := _url_document(node, url, source))]
    warnings = []
    if len(documents) > MAX_ENTRIES:
        warnings.append(f"sitemap lists {len(documents)} pages; kept the newest {MAX_ENTRIES}")
    return ParsedFeed(title=None, site_url=None, entries=newest(documents), warnings=warnings)


def _index(root: etree._Element, url: str) -> ParsedFeed:
    dated = []
    for node in root.iterfind("{*}sitemap"):
        location = usable_link([_text(node, "{*}loc")], url)
        if location:
            dated.append((parse_datetime(_text(node, "{*}lastmod")) or OLDEST, location))
    dated.sort(reverse=True)
    children = [location for _, location in dated[:MAX_CHILDREN]]
    warnings = [f"sitemap index lists {len(dated)} sitemaps; reading the newest {MAX_CHILDREN}"]
    return ParsedFeed(
        title=None,
        site_url=None,
        children=children,
        warnings=warnings if len(dated) > MAX_CHILDREN else [],
    )


def _url_document(node: etree._Element, base: str, source: SourceRef) -> Document | None:
    link = usable_link([_text(node, "{*}loc")], base)
    if not link:
        return None
    news = node.find("{*}news")
    publication = news.find("{*}publication") if news is not None else None
    keywords = _text(news, "{*}keywords") or ""
    return Document(
        url=link,
        title=_text(news, "{*}title"),
        published=parse_datetime(_text(news, "{*}publication_date") or _text(node, "{*}lastmod")),
        keywords=[k for k in (clean(part) for part in keywords.split(",")) if k],
        image=usable_link([_text(node, "{*}image/{*}loc")], base),
        language=_text(publication, "{*}language"),
        source=SourceRef(name=source.name or _text(publication, "{*}name"), url=source.url),
    )


def _text(node: etree._Element | None, path: str) -> str | None:
    if node is None:
        return None
    found = node.find(path)
    return clean(found.text) if found is not None else None
