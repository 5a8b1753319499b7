"""A story's "Full coverage": every publisher on one event, newest first, with a time line.

A story's id is permanent (``store/stories.py`` never renumbers a story as it
grows), so ``/story/{id}`` is a link that keeps working and keeps growing. When a
story turns out to be the same event as an older one and is merged into it, its
address redirects (308, HTML and JSON alike) to the surviving story.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from tidings.store.stories import CopyView, StoryView
from tidings.store.views import ArticleView
from tidings.web.params import RowId
from tidings.web.schemas import (
    ArticleOut,
    NotFoundOut,
    SourceOut,
    TagCountOut,
    article_out,
    is_web_url,
    source_name,
)
from tidings.web.site import PageNotFound, Site, SiteDep, moved

router = APIRouter()
STORY_TAGS = 12  # the strongest tags of a story: carried by the most of its articles


class CopyOut(BaseModel):
    """Another address of an article: the same text republished elsewhere (on the
    web: a copy read from a file on this server is no address for readers)."""

    url: str
    source: SourceOut | None


class StoryArticleOut(ArticleOut):
    copies: list[CopyOut]


class SourceGroupOut(BaseModel):
    """One publisher's articles on the story, newest first."""

    source: SourceOut | None
    name: str
    articles: list[StoryArticleOut]


class MomentOut(BaseModel):
    """One step of the time line: when a publisher reported."""

    at: datetime
    article_id: int
    title: str
    source: str


class StoryPageOut(BaseModel):
    id: int
    title: str
    heading: str
    first_seen_at: datetime | None  # when Tidings first had it: for an archive, the import
    last_seen_at: datetime | None
    # When the story was reported: the first and last moment of its time line, None
    # when no article has a date (an archive without dates: its import day is no news date).
    reported_from: datetime | None
    reported_to: datetime | None
    article_count: int
    source_count: int
    tags: list[TagCountOut]
    groups: list[SourceGroupOut]  # the publisher with the newest article first
    timeline: list[MomentOut]  # oldest first


def story_page(site: Site, story_id: int) -> StoryPageOut:
    story = site.store.stories.story(story_id)
    if story is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no story {story_id}."))
    groups = source_groups(site, story)
    timeline = time_line(story)
    return StoryPageOut(
        id=story.id,
        title=story.title,
        heading=f"Full coverage: {story.title}",
        first_seen_at=story.first_seen_at,
        last_seen_at=story.last_seen_at,
        reported_from=timeline[0].at if timeline else None,
        reported_to=timeline[-1].at if timeline else None,
        article_count=story.article_count,
        source_count=len(groups),
        tags=strongest_tags(story.articles),
        groups=groups,
        timeline=timeline,
    )


def time_line(story: StoryView) -> list[MomentOut]:
    """When each publisher reported, oldest first, at the time lists place the article.

    An archived article with no date at all has no place on it: the story's own
    ``first_seen_at`` is then the day of the import, which says nothing of the news.
    """
    dated = sorted(
        ((a.listed_at, a) for a in story.articles if a.listed_at is not None),
        key=lambda pair: (pair[0], pair[1].id),
    )
    return [MomentOut(at=at, article_id=a.id, title=a.title, source=_name(a)) for at, a in dated]


def source_groups(site: Site, story: StoryView) -> list[SourceGroupOut]:
    """Articles grouped by publisher; groups keep the order of their newest article."""
    groups: dict[str, SourceGroupOut] = {}
    for view in story.articles:  # newest first
        name = _name(view)
        group = groups.get(name)
        if group is None:
            source = SourceOut.of(view.source) if view.source else None
            group = groups[name] = SourceGroupOut(source=source, name=name, articles=[])
        brief = article_out(view, site.section(view.section))
        copies = [_copy_out(c) for c in story.copies.get(view.id, []) if is_web_url(c.url)]
        group.articles.append(StoryArticleOut(**brief.model_dump(), copies=copies))
    return list(groups.values())


def strongest_tags(articles: list[ArticleView]) -> list[TagCountOut]:
    """The union of the members' tags, those carried by the most articles first."""
    counts: Counter[str] = Counter()
    first = {}
    for view in articles:
        for link in view.tags:
            counts[link.tag.slug] += 1
            first.setdefault(link.tag.slug, link.tag)
    return [
        TagCountOut(slug=slug, display=first[slug].display, kind=first[slug].kind, count=count)
        for slug, count in counts.most_common(STORY_TAGS)
    ]


def _name(view: ArticleView) -> str:
    return source_name(view.source) if view.source else "Unknown source"


def _copy_out(copy: CopyView) -> CopyOut:
    return CopyOut(url=copy.url, source=SourceOut.of(copy.source) if copy.source else None)


@router.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_html(request: Request, story_id: RowId, site: SiteDep) -> Response:
    if redirect := _redirect(request, site, story_id):
        return redirect
    return site.render(request, "story.html", story_page(site, story_id))


@router.get(
    "/api/story/{story_id}",
    response_model=StoryPageOut,
    tags=["pages"],
    responses={308: {"description": "Merged into an older story: see Location"}},
)
def story_json(request: Request, story_id: RowId, site: SiteDep) -> StoryPageOut | RedirectResponse:
    """A story's full coverage: its publishers' articles grouped by source, and a time line."""
    if redirect := _redirect(request, site, story_id):
        return redirect
    return story_page(site, story_id)


def _redirect(request: Request, site: Site, story_id: int) -> RedirectResponse | None:
    """A permanent redirect to the story this one was merged into, if it was."""
    survivor = site.store.stories.successor(story_id)
    return None if survivor is None else moved(request, 308, story_id=survivor)
