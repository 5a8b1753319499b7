"""The home page and the editions: top news, trending hashtags, latest by section.

"Top" lists each story once (its newest article, with "N more sources" opening the
story's full coverage), so one event covered by ten publishers takes one card. An
edition (``/edition/{country}``) is the same page narrowed to one country's place tag
and remembered in a cookie, so ``/`` keeps showing it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from tidings.store.reading import ListFilter
from tidings.web.pages.common import Cursor, cards, feed_links, listed, narrowed, why_empty
from tidings.web.prefs import Prefs, prefs_of
from tidings.web.schemas import (
    ArticleListOut,
    ArticleOut,
    NotFoundOut,
    SectionOut,
    TagCountOut,
    TagOut,
)
from tidings.web.site import SECTION_NAMES, PageNotFound, Site, SiteDep, with_query

router = APIRouter()
PER_SECTION = 3


class TrendingOut(TagOut):
    recent: int  # articles in the last day
    baseline: float  # articles per day in the week before
    score: float


class SectionBlockOut(BaseModel):
    section: SectionOut
    articles: list[ArticleOut]


class HomeOut(ArticleListOut):
    trending: list[TrendingOut]
    by_section: list[SectionBlockOut]
    editions: list[TagCountOut]


def home_page(site: Site, prefs: Prefs, cursor: str | None) -> HomeOut:
    where, narrowing = narrowed(site, prefs)
    page = listed(site, where, narrowing, cursor)
    edition = narrowing.edition.slug if narrowing.edition else "world"  # world: the whole site
    heading = f"Latest news: {narrowing.edition.display}" if narrowing.edition else "Latest news"
    return HomeOut(
        title=heading,
        heading=heading,
        articles=cards(site, page),
        next_cursor=page.next_cursor,
        narrowing=narrowing,
        feeds=feed_links(f"/edition/{edition}"),
        trending=[] if cursor else _trending(site),
        by_section=[] if cursor or narrowing.unknown_language else _by_section(site, where),
        editions=_editions(site),
        **why_empty(narrowing),
    )


def _trending(site: Site) -> list[TrendingOut]:
    def compute() -> list[TrendingOut]:
        now = min(site.store.reader.newest_time() or datetime.now(UTC), datetime.now(UTC))
        return [
            TrendingOut(
                **TagOut.of(t.tag).model_dump(), recent=t.recent, baseline=t.baseline, score=t.score
            )
            for t in site.stats.trending(now, limit=16)
        ]

    return site.memo.get("trending", compute)


def _editions(site: Site) -> list[TagCountOut]:
    def compute() -> list[TagCountOut]:
        return [
            TagCountOut(**TagOut.of(p.tag).model_dump(), count=p.count)
            for p in site.stats.places(limit=24)
        ]

    return site.memo.get("editions", compute)


def _by_section(site: Site, where: ListFilter) -> list[SectionBlockOut]:
    """A few headlines per section: one indexed query each, refreshed once a minute."""
    fields = {name: getattr(where, name) for name in ListFilter.__slots__}

    def compute() -> list[SectionBlockOut]:
        blocks = []
        for slug, display in SECTION_NAMES.items():
            page = site.latest(ListFilter(**{**fields, "section": slug}), limit=PER_SECTION)
            if page.articles:
                section = SectionOut(slug=slug, display=display)
                blocks.append(SectionBlockOut(section=section, articles=cards(site, page)))
        return blocks

    return site.memo.get(("by_section", where), compute)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_html(request: Request, site: SiteDep, cursor: Cursor = None) -> HTMLResponse:
    prefs = prefs_of(request)
    response = site.render(request, "home.html", home_page(site, prefs, cursor))
    if "lang" in request.query_params:
        prefs.remember(response)
    response.headers["Vary"] = "Cookie"
    return response


@router.get("/api/", response_model=HomeOut, tags=["pages"])
def home_json(request: Request, site: SiteDep, cursor: Cursor = None) -> HomeOut:
    """Top news (each story once, newest first), trending hashtags, latest by section.

    Narrowed to the reader's edition and language (``?lang=``, cookies)."""
    return home_page(site, prefs_of(request), cursor)


def _edition_page(
    request: Request, site: Site, country: str, cursor: str | None
) -> tuple[Prefs, HomeOut]:
    prefs = prefs_of(request, edition=country)
    if prefs.edition is None:  # "world": the whole site again
        return prefs, home_page(site, prefs, cursor)
    page = home_page(site, prefs, cursor)
    if page.narrowing.edition is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no edition '{country}' yet."))
    return prefs, page


@router.get("/edition/{country}", response_class=HTMLResponse, include_in_schema=False)
def edition_html(
    request: Request, country: str, site: SiteDep, cursor: Cursor = None
) -> HTMLResponse:
    prefs, page = _edition_page(request, site, country, cursor)
    if prefs.edition is None:
        home = with_query(request, "/")
        response: HTMLResponse = RedirectResponse(home, status_code=303)  # type: ignore[assignment]
    else:
        response = site.render(request, "home.html", page)
    prefs.remember(response)
    return response


@router.get("/api/edition/{country}", response_model=HomeOut, tags=["pages"])
def edition_json(request: Request, country: str, site: SiteDep, cursor: Cursor = None) -> HomeOut:
    """The home page narrowed to one country (a place tag's slug or name); ``world`` for all."""
    return _edition_page(request, site, country, cursor)[1]
