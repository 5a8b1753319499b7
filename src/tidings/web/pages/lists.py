"""A section's and a source's pages: newest first, keyset cursors, with feeds."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tidings.store.reading import ListFilter
from tidings.web.pages.common import Cursor, cards, feed_links, listed, narrowed, why_empty
from tidings.web.params import RowId
from tidings.web.prefs import Prefs, prefs_of
from tidings.web.schemas import ArticleListOut, NarrowingOut, NotFoundOut, SourceOut
from tidings.web.site import SECTION_NAMES, PageNotFound, Site, SiteDep

router = APIRouter()


def section_page(site: Site, slug: str, prefs: Prefs, cursor: str | None) -> ArticleListOut:
    """A known section is a page even before its first article (the masthead and the
    search form offer every one); an unknown slug with no news is a 404."""
    section = site.section(slug)
    where, narrowing = narrowed(site, prefs, ListFilter(section=slug))
    page = listed(site, where, narrowing, cursor)
    narrowed_away = narrowing != NarrowingOut()
    found = slug in SECTION_NAMES or page.articles or cursor is not None or narrowed_away
    if section is None or not found:
        raise PageNotFound(NotFoundOut(detail=f"No news in the section '{slug}' yet."))
    return ArticleListOut(
        title=section.display,
        heading=f"Latest news in {section.display}",
        articles=cards(site, page),
        next_cursor=page.next_cursor,
        section=section,
        feeds=feed_links(f"/section/{slug}"),
        narrowing=narrowing,
        **why_empty(narrowing),
    )


def source_page(site: Site, source_id: int, cursor: str | None) -> ArticleListOut:
    """A publisher's own list is never narrowed: it is how a reader checks the source."""
    source = site.store.sources.get(source_id)
    if source is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no source {source_id}."))
    page = site.latest(ListFilter(source_ids=(source_id,)), cursor, one_per_story=False)
    shown = SourceOut.of(source)
    return ArticleListOut(
        title=shown.name,
        heading=f"Latest news from {shown.name}",
        articles=cards(site, page),
        next_cursor=page.next_cursor,
        source=shown,
        feeds=feed_links(f"/source/{source_id}"),
    )


@router.get("/section/{slug}", response_class=HTMLResponse, include_in_schema=False)
def section_html(request: Request, slug: str, site: SiteDep, cursor: Cursor = None) -> HTMLResponse:
    page = section_page(site, slug, prefs_of(request), cursor)
    response = site.render(request, "list.html", page)
    response.headers["Vary"] = "Cookie"
    return response


@router.get("/api/section/{slug}", response_model=ArticleListOut, tags=["pages"])
def section_json(
    request: Request, slug: str, site: SiteDep, cursor: Cursor = None
) -> ArticleListOut:
    """Latest news in a section (Politics, Business, Sport...), in the reader's edition."""
    return section_page(site, slug, prefs_of(request), cursor)


@router.get("/source/{source_id}", response_class=HTMLResponse, include_in_schema=False)
def source_html(
    request: Request, source_id: RowId, site: SiteDep, cursor: Cursor = None
) -> HTMLResponse:
    return site.render(request, "list.html", source_page(site, source_id, cursor))


@router.get("/api/source/{source_id}", response_model=ArticleListOut, tags=["pages"])
def source_json(source_id: RowId, site: SiteDep, cursor: Cursor = None) -> ArticleListOut:
    """Latest news from one source, with the source's health (last fetch, errors)."""
    return source_page(site, source_id, cursor)
