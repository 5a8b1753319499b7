"""What every feed format yields, and the helpers the format readers share."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

from tidings.ingest.urls import is_http_url
from tidings.models import Document

MAX_ENTRIES = 200  # of one sitemap, and taken from one source per crawl
OLDEST = datetime.min.replace(tzinfo=UTC)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})  # feedparser's content types
# "coghlan.me/post/": a site's address written without its scheme, which urljoin would
# read as a path below the feed (a file: path, for an archived feed). Not "index.html".
_BARE_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+([a-z]{2,24})(?::\d+)?(?:/|$)", re.I)
_FILE_TYPES = frozenset({"html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cgi", "xml", "json"})
_CHARACTER_REFERENCE = r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]\w*);"
# An HTML element or a character reference: what makes an undeclared value HTML. Only
# elements that titles and bylines carry count: "#include </etc/shadow>" and
# "List<String>" are text.
_LOOKS_LIKE_MARKUP = re.compile(
    r"</?(?:a|abbr|b|big|br|cite|code|del|dfn|div|em|font|h[1-6]|i|img|ins|kbd|mark|p|q|s"
    r"|samp|small|span|strike|strong|sub|sup|time|tt|u|var)(?:\s[^>]*)?/?>"
    rf"|<!--|<!\[CDATA\[|{_CHARACTER_REFERENCE}",
    re.I,
)
_HOLDS_REFERENCE = re.compile(_CHARACTER_REFERENCE)
# A reference left in a value declared plain: a feed that is not well-formed XML
# ("Re&colon; ..." in an Atom text title). The XML five stay as written ("&amp;").
_STRAY_REFERENCE = re.compile(rf"(?!&(?:amp|lt|gt|quot|apos);){_CHARACTER_REFERENCE}")


@dataclass(slots=True)
class ParsedFeed:
    """A feed's own description, its entries as Documents, and where to read on.

    ``title`` is the feed's as declared; ``publisher`` the name readers see the
    source called (``publisher.py``), ``site_url`` the web site it names (http/https).

    ``children`` are further documents of the same source to fetch and parse:
    the sitemaps listed by a sitemap index, newest first. ``updated`` is the feed's
    own date (RSS ``lastBuildDate`` or channel ``pubDate``, Atom ``updated``): every
    entry existed by then, so an archived feed's undated entries are listed by it.
    """

    title: str | None
    site_url: str | None
    entries: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    updated: datetime | None = None
    publisher: str | None = None


def without_nuls(feed: ParsedFeed) -> None:
    """The feed with every NUL character dropped from its texts.

    A feed's ``&#0;`` (or a raw NUL byte) comes out of feedparser as a NUL, which
    PostgreSQL refuses in text: the article was lost there as an unexpected error,
    while SQLite stored it. JSON records drop theirs as they are read (``jsontext``).
    """
    feed.title, feed.publisher = _no_nul(feed.title), _no_nul(feed.publisher)
    feed.entries = [_document_without_nuls(doc) for doc in feed.entries]


def _document_without_nuls(doc: Document) -> Document:
    changed = {
        f.name: _no_nul(value)
        for f in fields(doc)
        if isinstance(value := getattr(doc, f.name), str) and "\0" in value
    }
    if any("\0" in keyword for keyword in doc.keywords):
        changed["keywords"] = [keyword.replace("\0", "") for keyword in doc.keywords]
    if doc.source.name and "\0" in doc.source.name:
        changed["source"] = replace(doc.source, name=_no_nul(doc.source.name))
    return replace(doc, **changed) if changed else doc


def _no_nul(value: str | None) -> str | None:
    return value.replace("\0", "") if value else value


def newest(entries: list[Document], limit: int = MAX_ENTRIES) -> list[Document]:
    """The ``limit`` newest entries, newest first; undated ones last, in their order.

    A feed or sitemap may list a site's whole archive: taken whole, one crawl would
    fetch thousands of pages (hours) and starve every other source.
    """
    return sorted(entries, key=lambda entry: entry.published or OLDEST, reverse=True)[:limit]


def links_base(feed_url: str, declared: Iterable[object]) -> str:
    """What an entry's relative links resolve against: the feed's own address, except
    for a feed read from a file. Its links belong to the web address it declares for
    itself or its site (a saved feed of https://site/blog/ means https://site/blog/x
    by ``/blog/x``, not ``file:///blog/x``); ``declared`` are those, best first."""
    if feed_url.startswith("file:"):
        for value in declared:
            if isinstance(value, str) and is_http_url(value.strip()):
                return value.strip()
    return feed_url


def usable_link(candidates: Iterable[str | None], base_url: str) -> str | None:
    """The first candidate that resolves to an http(s) (or, offline, file:) URL; a
    malformed one (``http://[::1/x``, which urljoin refuses) is passed over."""
    for candidate in candidates:
        if candidate:
            try:
                absolute = urljoin(base_url, _with_scheme(str(candidate).strip()))
            except ValueError:
                continue
            if is_http_url(absolute) or absolute.startswith("file:"):
                return absolute
    return None


def _with_scheme(link: str) -> str:
    bare = _BARE_HOST.match(link)
    return f"https://{link}" if bare and bare.group(1).lower() not in _FILE_TYPES else link


def clean(value: Any, *, markup: bool | None = None) -> str | None:
    """Plain, whitespace-normalised text, or None when there is none.

    Every field cleaned here is shown and served as text, so it is decoded once,
    here. ``markup`` is what the format declares: HTML (Atom ``type="html"``,
    what feedparser hands over with its entities, ``&#8217;``) is reduced to its
    text; plain text is kept as written, so a plain ``AT&T`` or a literal ``&amp;``
    survives, but for references that well-formed XML cannot leave in it
    (``&colon;``). When the format does not say, a value holding an HTML element or a
    character reference is read as HTML, as feedparser reads RSS: publishers write
    ``It&#8217;s`` into plain fields far more often than they mean those characters.
    """
    if value is None:
        return None
    text = str(value)
    if markup or (markup is None and _LOOKS_LIKE_MARKUP.search(text)):
        text = _text_of_markup(text)
    elif markup is False:
        text = _STRAY_REFERENCE.sub(lambda found: html.unescape(found.group()), text)
    text = " ".join(text.split())
    return text or None


def holds_character_reference(text: str | None) -> bool:
    """Whether ``text`` still holds an undecoded ``&#8220;`` or ``&amp;``.

    In a field already stored as plain text (a title, an author) that is the mark of
    a value kept before ``clean`` decoded it; a bare tag is not, since ``clean``
    turns ``&lt;b&gt;`` into a literal ``<b>`` that must not be read as markup again.
    """
    return bool(text and _HOLDS_REFERENCE.search(text))


def _text_of_markup(markup: str) -> str:
    try:
        tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return markup
    for code in tree.xpath(".//script | .//style"):
        code.drop_tree()
    for br in tree.iter("br"):  # a line break parts words
        br.tail = " " + (br.tail or "")
    return tree.text_content()
