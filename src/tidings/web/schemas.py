"""Page data: built once, rendered as HTML by Jinja and as JSON by the API.

These pydantic models are the public JSON API (documented at ``/docs``); the
templates read the very same objects.
"""

from __future__ import annotations

import io
from datetime import datetime

from pydantic import BaseModel

from tidings.store.search import Unanswered
from tidings.store.views import ArticleTagView, ArticleView, SourceView, StoryRef, TagView

LEAD_PARAGRAPHS = 2


def is_web_url(url: str | None) -> bool:
    """An address readers can open. Offline imports name their sources and pages by
    file: URIs (a path on this server) or urn:tidings: names: neither is a link, and
    a server path is the operator's business, not the readers'."""
    return url is not None and url.startswith(("http://", "https://"))


def source_name(view: SourceView) -> str:
    """What readers see a source called: its title, else a web address, else its number."""
    web = [url for url in (view.site_url, view.url) if is_web_url(url)]
    return view.title or (web[0] if web else f"Source {view.id}")


class SourceOut(BaseModel):
    id: int
    name: str
    url: str | None  # the feed's web address; None for an offline import
    site_url: str | None
    kind: str
    last_checked_at: datetime | None
    last_success_at: datetime | None
    next_check_at: datetime | None
    last_error: str | None
    error_count: int
    broken: bool

    @classmethod
    def of(cls, view: SourceView) -> SourceOut:
        return cls(
            id=view.id,
            name=source_name(view),
            url=view.url if is_web_url(view.url) else None,
            site_url=view.site_url if is_web_url(view.site_url) else None,
            kind=view.kind,
            last_checked_at=view.last_checked_at,
            last_success_at=view.last_success_at,
            next_check_at=view.next_check_at,
            last_error=view.last_error,
            error_count=view.error_count,
            broken=view.broken,
        )


class TagOut(BaseModel):
    slug: str
    display: str
    kind: str

    @classmethod
    def of(cls, view: TagView) -> TagOut:
        return cls(slug=view.slug, display=view.display, kind=view.kind)


class ArticleTagOut(TagOut):
    score: float
    evidence: str

    @classmethod
    def of_link(cls, link: ArticleTagView) -> ArticleTagOut:
        return cls(
            slug=link.tag.slug,
            display=link.tag.display,
            kind=link.tag.kind,
            score=round(link.score, 3),
            evidence=link.evidence,
        )


class SectionOut(BaseModel):
    slug: str
    display: str
    evidence: str | None = None


class StoryRefOut(BaseModel):
    """The story of a list card: "N more sources" opens its full coverage."""

    id: int
    articles: int
    sources: int
    more_sources: int  # publishers besides the card's own

    @classmethod
    def of(cls, ref: StoryRef) -> StoryRefOut:
        more = max(ref.sources - 1, 0)
        return cls(id=ref.id, articles=ref.articles, sources=ref.sources, more_sources=more)


class ArticleOut(BaseModel):
    id: int
    url: str
    title: str
    source: SourceOut | None
    published_at: datetime | None
    # Where lists place it: its publication, else when it was first seen live or the
    # date its archive gives; null for an archived article with no date at all.
    listed_at: datetime | None
    first_seen_at: datetime  # when Tidings first had it (fetched, or imported)
    author: str | None
    image_url: str | None
    language: str | None
    section: SectionOut | None
    lead: list[str]
    has_more: bool
    tags: list[ArticleTagOut]
    story: StoryRefOut | None = None

    @property
    def is_web_link(self) -> bool:
        return is_web_url(self.url)


class ArticleFullOut(ArticleOut):
    paragraphs: list[str]
    html: str | None
    summary: str | None
    publisher_section: str | None


class TagCountOut(TagOut):
    count: int


class FeedLinkOut(BaseModel):
    """One of a list's subscribable feeds."""

    format: str  # rss | atom | json
    media_type: str
    href: str


class NarrowingOut(BaseModel):
    """The edition (country) and language a list is narrowed to, if any."""

    edition: TagOut | None = None
    language: str | None = None
    unknown_language: str | None = None  # ?lang= named no language: nothing is listed


class ArticleListOut(BaseModel):
    """A list page: home, tag, section, source, edition or "For you"."""

    title: str
    heading: str
    articles: list[ArticleOut]
    next_cursor: str | None
    tag: TagOut | None = None
    source: SourceOut | None = None
    section: SectionOut | None = None
    feeds: list[FeedLinkOut] = []
    narrowing: NarrowingOut = NarrowingOut()
    message: str | None = None  # why nothing is listed, for people (as a search's)
    reason: Unanswered | None = None  # and for programs: impossible_filter


class NotFoundOut(BaseModel):
    detail: str
    suggestions: list[TagOut] = []


def paragraphs(text: str, limit: int | None = None) -> list[str]:
    """Non-empty paragraphs with spaces normalised; at most ``limit`` of them.

    A list card needs only the lead, so it stops early instead of splitting a
    long article whole on every list page."""
    found: list[str] = []
    for line in io.StringIO(text):
        if limit is not None and len(found) >= limit:
            break
        if line.strip():
            found.append(" ".join(line.split()))
    return found


def article_out(view: ArticleView, section: SectionOut | None) -> ArticleOut:
    parts = paragraphs(view.text, LEAD_PARAGRAPHS + 1)
    return ArticleOut(
        id=view.id,
        url=view.url,
        title=view.title,
        source=SourceOut.of(view.source) if view.source else None,
        published_at=view.published_at,
        listed_at=view.listed_at,
        first_seen_at=view.first_seen_at,
        author=view.author,
        image_url=view.image_url,
        language=view.language,
        section=section,
        lead=parts[:LEAD_PARAGRAPHS],
        has_more=len(parts) > LEAD_PARAGRAPHS,
        tags=[ArticleTagOut.of_link(link) for link in view.tags],
        story=StoryRefOut.of(view.story) if view.story else None,
    )


def article_full_out(view: ArticleView, section: SectionOut | None) -> ArticleFullOut:
    brief = article_out(view, section)
    return ArticleFullOut(
        **brief.model_dump(exclude={"source", "section", "tags"}),
        source=brief.source,
        section=brief.section,
        tags=brief.tags,
        paragraphs=paragraphs(view.text),
        html=view.html,
        summary=view.summary,
        publisher_section=view.publisher_section,
    )
