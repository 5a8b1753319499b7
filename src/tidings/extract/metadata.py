"""What the publisher declares about a page: JSON-LD, OpenGraph and meta tags.

Declared metadata is stronger evidence than anything a heuristic guesses from
the layout: a newsroom CMS writes the headline, section, keywords and dates it
holds in its database. Pages are written by many CMSes, so every reader here is
lenient: JSON-LD may be a list, a ``@graph``, carry HTML comments or trailing
commas; values may be strings, objects or lists of either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from lxml import html as lxml_html

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "report",
        "scholarlyarticle",
    }
)

_MAX_JSON_LD_CHARS = 2_000_000


@dataclass(slots=True)
class PageMetadata:
    """Raw declared values; ``reconcile`` decides which ones win."""

    headline: str | None = None  # JSON-LD headline
    og_title: str | None = None
    html_title: str | None = None  # <title>
    description: str | None = None
    canonical: str | None = None  # <link rel=canonical>
    og_url: str | None = None
    json_ld_url: str | None = None
    site_name: str | None = None
    image: str | None = None
    author: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None  # raw declared code, e.g. "en-GB"
    article_body: str | None = None  # JSON-LD articleBody
    date_candidates: list[str] = field(default_factory=list)  # best first


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """Collect what the page declares about itself."""
    meta = _meta_tags(tree)
    article = _first_article(_json_ld_objects(tree))
    page = PageMetadata(
        headline=_text(article.get("headline")) or _text(article.get("name")),
        og_title=_first(meta, "og:title", "twitter:title"),
        html_title=_clean(tree.findtext(".//title")),
        description=_first(meta, "og:description", "description", "twitter:description")
        or _text(article.get("description")),
        canonical=_link_href(tree, "canonical"),
        og_url=_first(meta, "og:url"),
        json_ld_url=_url_of(article.get("url")) or _url_of(article.get("mainEntityOfPage")),
        site_name=_first(meta, "og:site_name", "application-name")
        or _name_of(article.get("publisher")),
        image=_first(meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image")
        or _url_of(article.get("image")),
        author=_names(article.get("author"))
        or _first(meta, "author", "article:author", "dc.creator", "byl", "parsely-author"),
        section=_first_of(article.get("articleSection"))
        or _first(meta, "article:section", "section", "parsely-section"),
        keywords=_keywords(article, meta),
        language=tree.get("lang")
        or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        or _language_of(article.get("inLanguage"))
        or _first(meta, "og:locale", "content-language", "language", "dc.language"),
        article_body=_text(article.get("articleBody")),
        date_candidates=_date_candidates(article, meta, tree),
    )
    return page


# ---------------------------------------------------------------- meta tags


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """Every <meta> value by lower-cased property/name/itemprop/http-equiv."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = _clean(element.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), []).append(content)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0]
    return None


def _link_href(tree: lxml_html.HtmlElement, rel: str) -> str | None:
    for element in tree.iter("link"):
        rels = (element.get("rel") or "").lower().split()
        if rel in rels and element.get("href"):
            return element.get("href", "").strip() or None
    return None


def _date_candidates(
    article: dict[str, Any], meta: dict[str, list[str]], tree: lxml_html.HtmlElement
) -> list[str]:
    """Declared publication dates, most explicit first."""
    values = [_text(article.get(key)) for key in ("datePublished", "dateCreated")]
    for key in (
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "parsely-pub-date",
        "sailthru.date",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.created",
        "dc.date.created",
        "article.published",
        "originalpublicationdate",
        "cxenseparse:recs:publishtime",
    ):
        values.extend(meta.get(key, []))
    values.extend(str(element.get("datetime")) for element in tree.xpath("//time[@pubdate]"))
    return [value for value in values if value]


# ---------------------------------------------------------------- JSON-LD


def _json_ld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in every JSON-LD script, @graph and lists flattened."""
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        data = _parse_json(script.text or "")
        if data is not None:
            yield from _flatten(data, depth=0)


def _parse_json(raw: str) -> Any:
    """Lenient JSON: CMS templates leave comments, CDATA and trailing commas."""
    raw = raw.strip()
    if not raw or len(raw) > _MAX_JSON_LD_CHARS:
        return None
    for attempt in (raw, _repair_json(raw)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _repair_json(raw: str) -> str:
    raw = re.sub(r"^\s*(<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)", "", raw)
    raw = re.sub(r"(-->|/\*\s*\]\]>\s*\*/|\]\]>)\s*$", "", raw)
    raw = re.sub(r",\s*([}\]])", r"\1", raw)
    return raw.strip().rstrip(";")


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict | list):
            yield from _flatten(data["mainEntity"], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    declared = item.get("@type")
    names = declared if isinstance(declared, list) else [declared]
    return {name.rsplit("/", 1)[-1].lower() for name in names if isinstance(name, str)}


def _first_article(objects: Iterator[dict[str, Any]]) -> dict[str, Any]:
    """The richest article object: the one with a body, else a headline, else any."""
    articles = [item for item in objects if _types(item) & ARTICLE_TYPES]
    if not articles:
        return {}
    return max(
        articles, key=lambda item: (bool(item.get("articleBody")), bool(item.get("headline")))
    )


# ---------------------------------------------------------------- values


def _clean(value: object) -> str | None:
    """One-line text; entities a CMS escaped twice are decoded."""
    if not isinstance(value, str):
        return None
    value = " ".join(unescape(value).split())
    return value or None


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), None)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _first_of(value: object) -> str | None:
    return _clean(value[0] if isinstance(value, list) and value else value)


def _url_of(value: object) -> str | None:
    if isinstance(value, list):
        return next((url for url in map(_url_of, value) if url), None)
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("@id") or value.get("contentUrl"))
    return _clean(value)


def _name_of(value: object) -> str | None:
    if isinstance(value, list):
        return next((name for name in map(_name_of, value) if name), None)
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _names(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = [name for name in map(_name_of, items) if name]
    return ", ".join(dict.fromkeys(names)) or None


def _language_of(value: object) -> str | None:
    if isinstance(value, dict):
        return _clean(value.get("alternateName")) or _clean(value.get("name"))
    return _first_of(value)


def _split_keywords(value: object) -> list[str]:
    if isinstance(value, list):
        return [word for item in value for word in _split_keywords(item)]
    if not isinstance(value, str):
        return []
    return [word for word in (" ".join(part.split()) for part in re.split(r"[,;]", value)) if word]


def _keywords(article: dict[str, Any], meta: dict[str, list[str]]) -> list[str]:
    """The publisher's tags; plain meta keywords only when nothing better exists.

    ``<meta name=keywords>`` is often SEO filler shared by the whole site, so it
    is the last resort, not a peer of article-level tags.
    """
    words = _split_keywords(article.get("keywords"))
    words += _split_keywords(meta.get("article:tag", []))
    words += _split_keywords(meta.get("news_keywords", []))
    if not words:
        words = _split_keywords(meta.get("keywords", []))
    unique: dict[str, str] = {}
    for word in words:
        unique.setdefault(word.casefold(), word)
    return list(unique.values())
