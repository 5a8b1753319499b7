"""A hashtag's page: "Latest news with #tag", its daily volume, related tags,
the sources that cover it most, and a follow button (progressive enhancement)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from tidings.store.reading import ListFilter
from tidings.web.aliases import redirect_target
from tidings.web.chart import ChartOut, volume_chart
from tidings.web.pages.common import Cursor, cards, feed_links, listed, narrowed, why_empty
from tidings.web.prefs import Prefs, prefs_of
from tidings.web.schemas import (
    ArticleListOut,
    NotFoundOut,
    SourceOut,
    TagCountOut,
    TagOut,
)
from tidings.web.site import PageNotFound, Site, SiteDep, moved

router = APIRouter()
CHART_DAYS = 30


class SourceCountOut(BaseModel):
    source: SourceOut
    count: int


class TagPageOut(ArticleListOut):
    volume: ChartOut
    related: list[TagCountOut]
    top_sources: list[SourceCountOut]


class TagFactsOut(BaseModel):
    volume: ChartOut
    related: list[TagCountOut]
    top_sources: list[SourceCountOut]


def tag_facts(site: Site, slug: str) -> TagFactsOut:
    """The chart, related tags and sources of a tag, recomputed at most once a minute."""

    def compute() -> TagFactsOut:
        now = datetime.now(UTC)
        until = min(site.store.reader.newest_time() or now, now)
        return TagFactsOut(
            volume=volume_chart(site.stats.daily_volume(slug, until, CHART_DAYS)),
            related=[
                TagCountOut(**TagOut.of(r.tag).model_dump(), count=r.count)
                for r in site.stats.related_tags(slug, limit=12)
            ],
            top_sources=[
                SourceCountOut(source=SourceOut.of(s.source), count=s.count)
                for s in site.stats.top_sources(slug, limit=5)
            ],
        )

    return site.memo.get(("tag facts", slug), compute)


def tag_page(site: Site, slug: str, prefs: Prefs, cursor: str | None) -> TagPageOut:
    tag = site.store.reader.tag(slug)
    if tag is None:
        suggestions = [TagOut.of(t) for t in site.store.reader.close_tags(slug)]
        raise PageNotFound(
            NotFoundOut(detail=f"No news with #{slug} yet.", suggestions=suggestions)
        )
    where, narrowing = narrowed(site, prefs, ListFilter(tags=(tag.slug,)))
    page = listed(site, where, narrowing, cursor)
    facts = tag_facts(site, tag.slug)
    return TagPageOut(
        title=f"#{tag.slug}",
        heading=f"Latest news with #{tag.slug}",
        articles=cards(site, page),
        next_cursor=page.next_cursor,
        tag=TagOut.of(tag),
        feeds=feed_links(f"/tag/{tag.slug}"),
        narrowing=narrowing,
        volume=facts.volume,
        related=facts.related,
        top_sources=facts.top_sources,
        **why_empty(narrowing),
    )


def alias_redirect(request: Request, slug: str) -> RedirectResponse | None:
    """A permanent redirect from an alias ("USA") to its tag, for every twin of the page."""
    target = redirect_target(slug)
    return moved(request, slug=target) if target is not None else None


@router.get("/tag/{slug}", response_class=HTMLResponse, include_in_schema=False)
def tag_html(request: Request, slug: str, site: SiteDep, cursor: Cursor = None) -> Response:
    if redirect := alias_redirect(request, slug):
        return redirect
    response = site.render(request, "tag.html", tag_page(site, slug, prefs_of(request), cursor))
    response.headers["Vary"] = "Cookie"
    return response


@router.get("/api/tag/{slug}", response_model=TagPageOut, tags=["pages"])
def tag_json(
    request: Request, slug: str, site: SiteDep, cursor: Cursor = None
) -> Response | TagPageOut:
    """Latest news with a hashtag, its daily volume, related tags and top sources.

    An alias redirects to its tag; an unknown tag is a 404 with close tags."""
    if redirect := alias_redirect(request, slug):
        return redirect
    return tag_page(site, slug, prefs_of(request), cursor)
