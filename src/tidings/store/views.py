"""Read models the store hands to the web layer: plain data, no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SourceView:
    id: int
    url: str
    kind: str
    title: str | None
    site_url: str | None
    category: str | None
    etag: str | None
    last_modified: str | None
    last_checked_at: datetime | None
    last_success_at: datetime | None
    next_check_at: datetime | None
    last_error: str | None
    error_count: int
    broken: bool

    @property
    def name(self) -> str:
        return self.title or self.site_url or self.url


@dataclass(frozen=True, slots=True)
class TagView:
    slug: str
    display: str
    kind: str


@dataclass(frozen=True, slots=True)
class ArticleTagView:
    tag: TagView
    score: float
    evidence: str


@dataclass(frozen=True, slots=True)
class StoryRef:
    """The story an article belongs to, as a list card shows it ("N more sources")."""

    id: int
    articles: int
    sources: int  # distinct publishers, of its articles and their folded copies


@dataclass(slots=True)
class ArticleView:
    id: int
    url: str
    title: str
    text: str
    html: str | None
    summary: str | None
    author: str | None
    image_url: str | None
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime
    # Where lists place it (store/listtime.py): its publication, else when it was first
    # seen live or the date its archive gives; None for an archived article with no
    # date at all, listed after every dated one.
    listed_at: datetime | None
    section: str | None
    section_evidence: str | None
    publisher_section: str | None
    source: SourceView | None
    tags: list[ArticleTagView] = field(default_factory=list)
    story: StoryRef | None = None


@dataclass(slots=True)
class ArticlePage:
    """One page of a list, newest first, with the cursor of the next page."""

    articles: list[ArticleView]
    next_cursor: str | None
