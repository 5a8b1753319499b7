"""Numbers about tags for the pages: trending, daily volume, neighbours, sources.

Every query here reads a bounded window (the last days, or a tag's most recent
articles) through the time index, so its cost does not grow with the archive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Engine,
    ScalarSelect,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from tidings.store.schema import SORT_KEY, ArticleRow, ArticleTagRow, SourceRow, TagRow, UTCDateTime
from tidings.store.sources import source_view
from tidings.store.views import SourceView, TagView

RECENT = timedelta(days=1)
BASELINE = timedelta(days=7)
MIN_SURPRISE = 2.0  # about two standard deviations above the tag's own normal
NEIGHBOURHOOD = 400  # a tag's most recent articles that related tags and sources come from


@dataclass(frozen=True, slots=True)
class TrendingTag:
    """A tag more frequent in the last day than in its own recent past."""

    tag: TagView
    recent: int  # articles in the last day
    baseline: float  # articles per day over the week before
    score: float


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: TagView
    count: int


@dataclass(frozen=True, slots=True)
class SourceCount:
    source: SourceView
    count: int


class TagStats:
    """The numbers the home and tag pages show, each read in one short session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def trending(self, now: datetime, limit: int = 12) -> list[TrendingTag]:
        with Session(self._engine) as session:
            return trending(session, now, limit)

    def daily_volume(self, slug: str, until: datetime, days: int = 30) -> list[tuple[date, int]]:
        with Session(self._engine) as session:
            return daily_volume(session, slug, until, days)

    def related_tags(self, slug: str, limit: int = 10) -> list[TagCount]:
        with Session(self._engine) as session:
            return related_tags(session, slug, limit)

    def top_sources(self, slug: str, limit: int = 5) -> list[SourceCount]:
        with Session(self._engine) as session:
            return top_sources(session, slug, limit)

    def places(self, limit: int = 30) -> list[TagCount]:
        with Session(self._engine) as session:
            return places(session, limit)


def _since(moment: datetime) -> ColumnElement[bool]:
    return literal(moment, UTCDateTime()) <= SORT_KEY


def trending(session: Session, now: datetime, limit: int) -> list[TrendingTag]:
    """Tags rising against their own baseline: a Poisson-style surprise, not a count.

    A tag seen 30 times a day every day is not news; one seen 6 times today and
    once a day before is. ``score = (recent - expected) / sqrt(expected + 1)``.
    """
    recent_from = now - RECENT
    is_recent = func.sum(case((_since(recent_from), 1), else_=0))
    query = (
        select(ArticleTagRow.tag_id, is_recent, func.count())
        .join(ArticleRow, ArticleRow.id == ArticleTagRow.article_id)
        .where(_since(recent_from - BASELINE))
        .group_by(ArticleTagRow.tag_id)
    )
    scored: list[tuple[float, int, int, float]] = []
    days = BASELINE / RECENT
    for tag_id, recent, total in session.execute(query):
        recent = int(recent or 0)
        expected = (total - recent) / days
        score = (recent - expected) / math.sqrt(expected + 1)
        if recent >= 2 and score >= MIN_SURPRISE:
            scored.append((score, tag_id, recent, expected))
    scored.sort(reverse=True)
    top = scored[:limit]
    tags = _tags(session, [tag_id for _s, tag_id, _r, _e in top])
    return [
        TrendingTag(tags[tag_id], recent, round(expected, 2), round(score, 2))
        for score, tag_id, recent, expected in top
    ]


def daily_volume(session: Session, slug: str, until: datetime, days: int) -> list[tuple[date, int]]:
    """Articles with ``slug`` per day over ``days`` days up to ``until``, zeros included."""
    start = (until - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day = func.substr(cast(ArticleTagRow.listed_at, String), 1, 10)
    query = (
        select(day, func.count())
        .where(
            ArticleTagRow.tag_id == _tag_id(slug),
            ArticleTagRow.listed_at >= literal(start, UTCDateTime()),
        )
        .group_by(day)
    )
    counts = {str(key): n for key, n in session.execute(query)}
    return [
        (moment, counts.get(moment.isoformat(), 0))
        for moment in (start.date() + timedelta(days=i) for i in range(days))
    ]


def _tag_id(slug: str) -> ScalarSelect[int]:
    return select(TagRow.id).where(TagRow.slug == slug).scalar_subquery()


def _neighbourhood(slug: str) -> Select[tuple[int]]:
    """Ids of the tag's most recent articles, straight from its time index."""
    return (
        select(ArticleTagRow.article_id)
        .where(ArticleTagRow.tag_id == _tag_id(slug))
        .order_by(ArticleTagRow.listed_at.desc(), ArticleTagRow.article_id.desc())
        .limit(NEIGHBOURHOOD)
    )


def related_tags(session: Session, slug: str, limit: int) -> list[TagCount]:
    """Tags that most often share an article with ``slug`` lately."""
    recent = _neighbourhood(slug).subquery()
    count = func.count()
    query = (
        select(TagRow, count)
        .join(ArticleTagRow, ArticleTagRow.tag_id == TagRow.id)
        .where(ArticleTagRow.article_id.in_(select(recent.c.article_id)), TagRow.slug != slug)
        .group_by(TagRow.id)
        .order_by(count.desc(), TagRow.slug)
        .limit(limit)
    )
    return [
        TagCount(TagView(row.slug, row.display, row.kind), n) for row, n in session.execute(query)
    ]


def top_sources(session: Session, slug: str, limit: int) -> list[SourceCount]:
    """The publishers that covered ``slug`` most lately."""
    recent = _neighbourhood(slug).subquery()
    count = func.count()
    query = (
        select(SourceRow, count)
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .where(ArticleRow.id.in_(select(recent.c.article_id)))
        .group_by(SourceRow.id)
        .order_by(count.desc(), SourceRow.id)
        .limit(limit)
    )
    return [SourceCount(source_view(row), n) for row, n in session.execute(query)]


def places(session: Session, limit: int) -> list[TagCount]:
    """The countries and places with the most recent articles: the edition picker."""
    window = select(ArticleRow.id).order_by(SORT_KEY.desc()).limit(5000).subquery()
    count = func.count()
    query = (
        select(TagRow, count)
        .join(ArticleTagRow, ArticleTagRow.tag_id == TagRow.id)
        .where(TagRow.kind == "place", ArticleTagRow.article_id.in_(select(window.c.id)))
        .group_by(TagRow.id)
        .order_by(count.desc(), TagRow.slug)
        .limit(limit)
    )
    return [
        TagCount(TagView(row.slug, row.display, row.kind), n) for row, n in session.execute(query)
    ]


def _tags(session: Session, ids: list[int]) -> dict[int, TagView]:
    if not ids:
        return {}
    rows = session.scalars(select(TagRow).where(TagRow.id.in_(ids)))
    return {row.id: TagView(row.slug, row.display, row.kind) for row in rows}
