"""List pages: home, a hashtag, a section, a source. Newest first, keyset cursors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from tidings.store import BadCursor
from tidings.store.views import ArticlePage
from tidings.web.schemas import ArticleListOut, NotFoundOut, SourceOut, TagOut, article_out
from tidings.web.site import PageNotFound, Site, site

router = APIRouter()
Cursor = Annotated[str | None, Query(max_length=200, description="from the previous page")]
SiteDep = Annotated[Site, Depends(site)]


def _page(site: Site, **filters: object) -> ArticlePage:
    cursor = filters.pop("cursor", None)
    try:
        return site.store.reader.latest(
            limit=site.settings.page_size,
            cursor=cursor,
            **filters,  # type: ignore[arg-type]
        )
    except BadCursor as exc:
        raise PageNotFound(NotFoundOut(detail="This page link has expired or is invalid.")) from exc


def _articles(site: Site, page: ArticlePage) -> list:
    return [article_out(view, site.section(view.section)) for view in page.articles]


def home_page(site: Site, cursor: str | None) -> ArticleListOut:
    page = _page(site, cursor=cursor)
    return ArticleListOut(
        title=site.settings.site_name,
        heading="Latest news",
        articles=_articles(site, page),
        next_cursor=page.next_cursor,
        popular_tags=[TagOut.of(tag) for tag, _count in site.store.reader.popular_tags(24)],
    )


def tag_page(site: Site, slug: str, cursor: str | None) -> ArticleListOut:
    tag = site.store.reader.tag(slug)
    if tag is None:
        suggestions = [TagOut.of(t) for t in site.store.reader.close_tags(slug)]
        raise PageNotFound(
            NotFoundOut(detail=f"No news with #{slug} yet.", suggestions=suggestions)
        )
    page = _page(site, cursor=cursor, tag=slug)
    return ArticleListOut(
        title=f"#{tag.slug}",
        heading=f"Latest news with #{tag.slug}",
        articles=_articles(site, page),
        next_cursor=page.next_cursor,
        tag=TagOut.of(tag),
    )


def section_page(site: Site, slug: str, cursor: str | None) -> ArticleListOut:
    section = site.section(slug)
    page = _page(site, cursor=cursor, section=slug)
    if section is None or (not page.articles and cursor is None):
        raise PageNotFound(NotFoundOut(detail=f"No news in the section '{slug}' yet."))
    return ArticleListOut(
        title=section.display,
        heading=f"Latest news in {section.display}",
        articles=_articles(site, page),
        next_cursor=page.next_cursor,
        section=section,
    )


def source_page(site: Site, source_id: int, cursor: str | None) -> ArticleListOut:
    source = site.store.sources.get(source_id)
    if source is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no source {source_id}."))
    page = _page(site, cursor=cursor, source_id=source_id)
    return ArticleListOut(
        title=source.name,
        heading=f"Latest news from {source.name}",
        articles=_articles(site, page),
        next_cursor=page.next_cursor,
        source=SourceOut.of(source),
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_html(request: Request, site: SiteDep, cursor: Cursor = None) -> HTMLResponse:
    return site.render(request, "list.html", home_page(site, cursor))


@router.get("/api/", response_model=ArticleListOut, tags=["pages"])
def home_json(site: SiteDep, cursor: Cursor = None) -> ArticleListOut:
    """The newest articles from every source."""
    return home_page(site, cursor)


@router.get("/tag/{slug}", response_class=HTMLResponse, include_in_schema=False)
def tag_html(request: Request, slug: str, site: SiteDep, cursor: Cursor = None) -> HTMLResponse:
    return site.render(request, "list.html", tag_page(site, slug, cursor))


@router.get("/api/tag/{slug}", response_model=ArticleListOut, tags=["pages"])
def tag_json(slug: str, site: SiteDep, cursor: Cursor = None) -> ArticleListOut:
    """Latest news with a hashtag; 404 with close tags when the tag is unknown."""
    return tag_page(site, slug, cursor)


@router.get("/section/{slug}", response_class=HTMLResponse, include_in_schema=False)
def section_html(request: Request, slug: str, site: SiteDep, cursor: Cursor = None) -> HTMLResponse:
    return site.render(request, "list.html", section_page(site, slug, cursor))


@router.get("/api/section/{slug}", response_model=ArticleListOut, tags=["pages"])
def section_json(slug: str, site: SiteDep, cursor: Cursor = None) -> ArticleListOut:
    """Latest news in a section (Politics, Business, Sport...)."""
    return section_page(site, slug, cursor)


@router.get("/source/{source_id}", response_class=HTMLResponse, include_in_schema=False)
def source_html(
    request: Request, source_id: int, site: SiteDep, cursor: Cursor = None
) -> HTMLResponse:
    return site.render(request, "list.html", source_page(site, source_id, cursor))


@router.get("/api/source/{source_id}", response_model=ArticleListOut, tags=["pages"])
def source_json(source_id: int, site: SiteDep, cursor: Cursor = None) -> ArticleListOut:
    """Latest news from one source, with the source's health."""
    return source_page(site, source_id, cursor)
