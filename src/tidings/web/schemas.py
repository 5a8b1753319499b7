"""Page data: built once, rendered as HTML by Jinja and as JSON by the API.

These pydantic models are the public JSON API (documented at ``/docs``); the
templates read the very same objects.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from tidings.store.views import ArticleTagView, ArticleView, SourceView, TagView

LEAD_PARAGRAPHS = 2


class SourceOut(BaseModel):
    id: int
    name: str
    url: str
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
            name=view.name,
            url=view.url,
            site_url=view.site_url,
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


class ArticleOut(BaseModel):
    id: int
    url: str
    title: str
    source: SourceOut | None
    published_at: datetime | None
    listed_at: datetime
    author: str | None
    image_url: str | None
    language: str | None
    section: SectionOut | None
    lead: list[str]
    has_more: bool
    tags: list[ArticleTagOut]

    @property
    def is_web_link(self) -> bool:
        return self.url.startswith(("http://", "https://"))


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


class NotFoundOut(BaseModel):
    detail: str
    suggestions: list[TagOut] = []


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def article_out(view: ArticleView, section: SectionOut | None) -> ArticleOut:
    parts = paragraphs(view.text)
    return ArticleOut(
        id=view.id,
        url=view.url,
        title=view.title,
        source=SourceOut.of(view.source) if view.source else None,
        published_at=view.published_at,
        listed_at=view.listed_at,
        author=view.author,
        image_url=view.image_url,
        language=view.language,
        section=section,
        lead=parts[:LEAD_PARAGRAPHS],
        has_more=len(parts) > LEAD_PARAGRAPHS,
        tags=[ArticleTagOut.of_link(link) for link in view.tags],
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
