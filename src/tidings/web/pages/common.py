"""What the list pages share: query parameters, article cards, feed links, narrowing."""

from __future__ import annotations

from typing import Annotated, Any

import pycountry
from fastapi import Query

from tidings.store.reading import ListFilter
from tidings.store.search import Unanswered
from tidings.store.views import ArticlePage, TagView
from tidings.web.prefs import Prefs, unknown_language_message
from tidings.web.schemas import ArticleOut, FeedLinkOut, NarrowingOut, TagOut, article_out
from tidings.web.site import Site

Cursor = Annotated[str | None, Query(max_length=200, description="from the previous page")]
FEED_FORMATS = (
    ("rss", "application/rss+xml", "feed.xml"),
    ("atom", "application/atom+xml", "atom.xml"),
    ("json", "application/feed+json", "feed.json"),
)


def cards(site: Site, page: ArticlePage) -> list[ArticleOut]:
    return [article_out(view, site.section(view.section)) for view in page.articles]


def feed_links(base: str, query: str = "") -> list[FeedLinkOut]:
    """The RSS, Atom and JSON Feed twins of the list at ``base``."""
    suffix = f"?{query}" if query else ""
    return [
        FeedLinkOut(format=name, media_type=media, href=f"{base.rstrip('/')}/{file}{suffix}")
        for name, media, file in FEED_FORMATS
    ]


def narrowed(
    site: Site, prefs: Prefs, where: ListFilter | None = None
) -> tuple[ListFilter, NarrowingOut]:
    """``where`` narrowed to the reader's edition and language (an unknown edition is ignored)."""
    where = where or ListFilter()
    edition = place(site, prefs.edition) if prefs.edition else None
    narrowing = NarrowingOut(
        edition=TagOut.of(edition) if edition else None,
        language=prefs.language,
        unknown_language=prefs.unknown_language,
    )
    fields = {name: getattr(where, name) for name in ListFilter.__slots__}
    fields.update(place=edition.slug if edition else None, language=prefs.language)
    return ListFilter(**fields), narrowing


def listed(
    site: Site, where: ListFilter, narrowing: NarrowingOut, cursor: str | None
) -> ArticlePage:
    """The page of ``where``; none at all when the reader asked for a language that
    does not exist, which no article is in."""
    if narrowing.unknown_language is not None:
        return ArticlePage([], None)
    return site.latest(where, cursor)


def why_empty(narrowing: NarrowingOut) -> dict[str, Any]:
    """The ``message`` and ``reason`` of a list page that nothing can be in, as a search
    says them of a filter that cannot match; none for any other list."""
    if narrowing.unknown_language is None:
        return {}
    return {
        "message": unknown_language_message(narrowing.unknown_language),
        "reason": Unanswered.IMPOSSIBLE_FILTER,
    }


def place(site: Site, name: str) -> TagView | None:
    """The place tag of a country named by its ISO code or its tag: an edition, a filter."""
    return site.store.reader.find_tag(country_name(name), kind="place")


def country_name(edition: str) -> str:
    """``fr`` -> ``France``: an edition may be named by its ISO code or its place tag."""
    if len(edition) == 2 and edition.isalpha():
        country = pycountry.countries.get(alpha_2=edition.upper())
        if country is not None:
            return getattr(country, "common_name", None) or country.name
    return edition
