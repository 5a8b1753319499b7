"""Search: full text with filters, ranked by relevance and recency, highlighted.

Whatever the reader types gets results or a plain message: the store turns the
text into a safe query, and a malformed filter is ignored with a word, not a 422.
A tag or country is read as a reader types it (``#climatechange``, ``fr``) and
resolved to its tag once, here; a filter that cannot match says so instead of
leaving the reader with "no article matches", and so does a query of very common
words only (the store decides, alike on both databases). A search without hits
answers 200 with its ``message`` and a ``reason`` programs can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from tidings.store.search import SearchRequest, SearchResults, Unanswered
from tidings.store.search_terms import is_word_char
from tidings.store.views import TagView
from tidings.web.aliases import redirect_target
from tidings.web.pages.common import feed_links, place
from tidings.web.prefs import clean_language, unknown_language_message
from tidings.web.schemas import ArticleOut, FeedLinkOut, article_out
from tidings.web.site import Site, SiteDep

router = APIRouter()
MAX_QUERY = 10_000
MAX_PAGE = 100


class SearchFiltersOut(BaseModel):
    q: str = ""
    tag: str | None = None
    section: str | None = None
    source: int | None = None
    lang: str | None = None
    country: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1


class SearchHitOut(BaseModel):
    article: ArticleOut
    snippet_html: str  # escaped text; only <mark> elements are markup
    score: float


class SearchPageOut(BaseModel):
    title: str
    heading: str
    filters: SearchFiltersOut
    hits: list[SearchHitOut]
    matches: int
    matches_capped: bool  # the newest matches only: there are more
    next_href: str | None
    message: str | None
    reason: Unanswered | None = None  # why there are no hits, for programs
    notes: list[str] = []  # filters the reader gave that could not be read
    feeds: list[FeedLinkOut] = []


DATES = (("since", "from"), ("until", "to"))  # parameter, its label on the form


def clip_query(text: str) -> str:
    """The first ``MAX_QUERY`` characters, without the word the cut would split:
    half a word is another word, which every result would have to contain. A word
    is what the store reads as one, vowel signs and viramas included."""
    if len(text) <= MAX_QUERY:
        return text
    end = MAX_QUERY
    while end and is_word_char(text[end]) and is_word_char(text[end - 1]):
        end -= 1
    return text[:end]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def _int(value: str | None, default: int | None = None) -> int | None:
    return (
        int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else default
    )


def read_filters(params: Mapping[str, str]) -> SearchFiltersOut:
    """The filters from the query string; anything unreadable is simply not applied."""
    text = clip_query(params.get("q") or "")
    short = {
        name: (params.get(name) or "").strip()[:128] or None
        for name in ("tag", "section", "country", "lang")
    }
    short["tag"] = (short["tag"] or "").lstrip("#").strip() or None  # "#tag" as readers write it
    return SearchFiltersOut(
        q=text,
        source=_int(params.get("source")),
        since=_date(params.get("since")),
        until=_date(params.get("until")),
        page=min(_int(params.get("page"), 1) or 1, MAX_PAGE),
        **short,
    )


def date_notes(params: Mapping[str, str]) -> list[str]:
    """A word for each date the reader gave that is not one: that filter is left out."""
    return [
        f"“{params[name].strip()}” is not a date (YYYY-MM-DD): “{label}” is not applied."
        for name, label in DATES
        if (params.get(name) or "").strip() and _date(params[name]) is None
    ]


def resolved(site: Site, filters: SearchFiltersOut) -> tuple[SearchFiltersOut, str | None]:
    """The filters with the language, tag and country as the store names them, or why
    nothing can match them."""
    if filters.since and filters.until and filters.since > filters.until:
        return filters, (
            f"The date “from” ({filters.since}) is after the date “to” ({filters.until}):"
            " no article can match."
        )
    changes: dict[str, str] = {}
    if filters.lang:
        language = clean_language(filters.lang)
        if language is None:
            return filters, unknown_language_message(filters.lang)
        changes["lang"] = language
    if filters.tag:
        tag = _tag(site, filters.tag)
        if tag is None:
            return filters, f"No news with #{filters.tag} yet."
        changes["tag"] = tag.slug
    if filters.country:
        country = place(site, filters.country)
        if country is None:
            return filters, f"No news about the country “{filters.country}” yet."
        changes["country"] = country.slug
    return filters.model_copy(update=changes), None


def _tag(site: Site, name: str) -> TagView | None:
    """The tag named in any case, else the tag it is an alias of ("USA"), as the tag page."""
    found = site.store.reader.find_tag(name)
    alias = redirect_target(name)
    if found is None and alias is not None:
        found = site.store.reader.find_tag(alias)
    return found


def search_page(site: Site, params: Mapping[str, str]) -> SearchPageOut:
    filters, impossible = resolved(site, read_filters(params))
    if impossible:
        results = SearchResults(
            [], 0, False, message=impossible, reason=Unanswered.IMPOSSIBLE_FILTER
        )
    else:
        results = site.search.search(_request(site, filters))
    hits = [
        SearchHitOut(
            article=article_out(hit.article, site.section(hit.article.section)),
            snippet_html=hit.snippet_html,
            score=hit.score,
        )
        for hit in results.hits
    ]
    heading = f"Search: {filters.q[:80]}" if filters.q.strip() else "Search"
    return SearchPageOut(
        title=heading,
        heading=heading,
        filters=filters,
        hits=hits,
        matches=results.matches,
        matches_capped=results.capped,
        next_href=f"/search?{_query(filters, page=filters.page + 1)}" if results.has_more else None,
        message=results.message,
        reason=results.reason,
        notes=date_notes(params),
        feeds=feed_links("/search", _query(filters)) if filters.q.strip() else [],
    )


def _request(site: Site, filters: SearchFiltersOut) -> SearchRequest:
    return SearchRequest(
        text=filters.q,
        tag=filters.tag,
        section=filters.section,
        source_id=filters.source,
        language=filters.lang,
        place=filters.country,
        since=datetime.combine(filters.since, time(), UTC) if filters.since else None,
        until=datetime.combine(filters.until, time(), UTC) + timedelta(days=1)
        if filters.until
        else None,
        page=filters.page,
        page_size=site.settings.page_size,
    )


def _query(filters: SearchFiltersOut, page: int | None = None) -> str:
    """The query string of these filters (and a page, for the "more" link)."""
    values = filters.model_dump(exclude={"page"}, exclude_none=True)
    pairs = {k: str(v) for k, v in values.items() if v != ""}
    if page is not None:
        pairs["page"] = str(page)
    return urlencode(pairs)


Q = Annotated[str | None, Query(description='words, or "a phrase"; anything is accepted')]


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_html(request: Request, site: SiteDep) -> HTMLResponse:
    page = search_page(site, request.query_params)
    return site.render(request, "search.html", page)


@router.get("/api/search", response_model=SearchPageOut, tags=["pages"])
def search_json(
    request: Request,
    site: SiteDep,
    q: Q = None,
    tag: str | None = None,
    section: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    country: str | None = None,
    since: str | None = Query(None, description="YYYY-MM-DD"),
    until: str | None = Query(None, description="YYYY-MM-DD"),
    page: str | None = None,
) -> SearchPageOut:
    """Full-text search with filters (tag, section, source, language, country, dates),
    ranked by relevance and recency, with highlighted snippets.

    The parameters are declared for this description; they are read leniently
    by ``read_filters`` so a malformed one is ignored instead of refused."""
    return search_page(site, request.query_params)
