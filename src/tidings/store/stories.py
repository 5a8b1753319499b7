"""Stories and near-duplicates in the database: the lookups and writes of online grouping.

The decisions are pure functions in ``enrich/dedup.py`` and ``enrich/stories.py``;
``pipeline.py`` asks this repository for the neighbours (articles sharing a band key,
open stories sharing a candidate key), decides, and hands the result back.

Concurrency: a story's profile is read with its ``revision`` and written back only if
the revision is unchanged (compare-and-set), so two workers growing one story on
PostgreSQL never lose an article's share; the loser re-reads and decides again. Two
copies of one text arriving at the same moment on two workers may both become
articles (neither sees the other's fingerprint yet); the next copy folds into one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from tidings.store.articles import dialect_insert
from tidings.store.reading import views
from tidings.store.schema import (
    SORT_KEY,
    ArticleBandRow,
    ArticleCopyRow,
    ArticleRow,
    StoryKeyRow,
    StoryRow,
)
from tidings.store.sources import now_utc, source_view
from tidings.store.views import ArticleView, SourceView

MAX_DUPLICATE_CANDIDATES = 50  # a text repeated more often than this still finds one
MAX_OPEN_CANDIDATES = 200  # stories sharing a key; the most recently covered first
MAX_STORY_ARTICLES = 500  # a story page lists this many, newest first


@dataclass(frozen=True, slots=True)
class OpenStory:
    """A story a new article may join, as read (``revision`` guards the write back)."""

    id: int
    profile: dict[str, Any]
    revision: int


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """A story's new state after an article joined it (``enrich.stories.absorb``)."""

    profile: dict[str, Any]
    title: str
    first_seen_at: datetime | None
    last_seen_at: datetime | None
    size: int
    keys: list[str]


@dataclass(frozen=True, slots=True)
class CopyView:
    """Another URL of an article, and who published it there."""

    url: str
    source: SourceView | None


@dataclass(slots=True)
class StoryView:
    id: int
    title: str
    first_seen_at: datetime | None
    last_seen_at: datetime | None
    article_count: int
    articles: list[ArticleView]  # newest first
    copies: dict[int, list[CopyView]]  # by article id


class StoryRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def duplicate_candidates(self, url: str, band_keys: tuple[str, ...]) -> list[tuple[int, bytes]]:
        """(id, fingerprint) of stored articles sharing a band key, oldest first.

        Empty when ``url`` is itself stored: an article's own new version updates it
        in place and is never folded into another article.
        """
        if not band_keys:
            return []
        with Session(self._engine) as session:
            if session.scalar(select(ArticleRow.id).where(ArticleRow.url == url)) is not None:
                return []
            sharing = (
                select(ArticleBandRow.article_id)
                .where(ArticleBandRow.band_key.in_(band_keys))
                .distinct()
                .scalar_subquery()
            )
            query = (
                select(ArticleRow.id, ArticleRow.fingerprint)
                .where(ArticleRow.id.in_(sharing), ArticleRow.fingerprint.is_not(None))
                .order_by(ArticleRow.id)
                .limit(MAX_DUPLICATE_CANDIDATES)
            )
            return [(id_, bytes(print_)) for id_, print_ in session.execute(query)]

    def fold(self, article_id: int, url: str, source_id: int | None) -> None:
        """Keep ``url`` (and its publisher) as another address of ``article_id``."""
        with Session(self._engine) as session, session.begin():
            insert = dialect_insert(session)(ArticleCopyRow).values(
                url=url, article_id=article_id, source_id=source_id, seen_at=now_utc()
            )
            session.execute(insert.on_conflict_do_nothing(index_elements=["url"]))
            known = session.scalar(
                select(ArticleRow.alternate_urls)
                .where(ArticleRow.id == article_id)
                .with_for_update()
            )
            if known is not None and url not in known:
                session.execute(
                    update(ArticleRow)
                    .where(ArticleRow.id == article_id)
                    .values(alternate_urls=sorted({*known, url}))
                )

    def save_fingerprint(
        self, article_id: int, fingerprint: bytes, band_keys: tuple[str, ...]
    ) -> None:
        """File the article under its band keys (replacing an earlier version's)."""
        with Session(self._engine) as session, session.begin():
            session.execute(
                update(ArticleRow)
                .where(ArticleRow.id == article_id)
                .values(fingerprint=fingerprint)
            )
            session.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == article_id))
            rows = [{"band_key": key, "article_id": article_id} for key in set(band_keys)]
            if rows:
                session.execute(insert(ArticleBandRow), rows)  # one executemany, no ORM objects

    def open_stories(self, keys: list[str], around: datetime, quiet: timedelta) -> list[OpenStory]:
        """Stories filed under any of ``keys`` with coverage within ``quiet`` of ``around``.

        Archives arrive out of order, so "open" is a window on both sides of the
        article's own time rather than a flag that only ever closes.
        """
        if not keys:
            return []
        with Session(self._engine) as session:
            sharing = (
                select(StoryKeyRow.story_id).where(StoryKeyRow.key.in_(keys)).scalar_subquery()
            )
            query = (
                select(StoryRow.id, StoryRow.profile, StoryRow.revision)
                .where(
                    StoryRow.id.in_(sharing),
                    StoryRow.last_seen_at.between(around - quiet, around + quiet),
                )
                .order_by(StoryRow.last_seen_at.desc())
                .limit(MAX_OPEN_CANDIDATES)
            )
            return [OpenStory(*row) for row in session.execute(query)]

    def start(self, article_id: int, story: StoryUpdate) -> int:
        """A new story with its first article; its id is its permanent address."""
        with Session(self._engine) as session, session.begin():
            row = StoryRow(revision=1, **_columns(story))
            session.add(row)
            session.flush()
            _file(session, row.id, article_id, story.keys)
            return row.id

    def grow(self, article_id: int, joined: OpenStory, story: StoryUpdate) -> bool:
        """Write the grown story if nobody changed it since ``joined`` was read."""
        with Session(self._engine) as session, session.begin():
            changed = session.execute(
                update(StoryRow)
                .where(StoryRow.id == joined.id, StoryRow.revision == joined.revision)
                .values(revision=joined.revision + 1, **_columns(story))
            ).rowcount
            if not changed:
                return False
            session.execute(delete(StoryKeyRow).where(StoryKeyRow.story_id == joined.id))
            _file(session, joined.id, article_id, story.keys)
            return True

    def story(self, story_id: int) -> StoryView | None:
        """A story with its articles, newest first, and each article's other copies."""
        with Session(self._engine) as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                return None
            members = list(
                session.scalars(
                    select(ArticleRow)
                    .where(ArticleRow.story_id == story_id)
                    .order_by(SORT_KEY.desc(), ArticleRow.id.desc())
                    .limit(MAX_STORY_ARTICLES)
                )
            )
            articles = views(session, members)
            copies: dict[int, list[CopyView]] = {}
            query = select(ArticleCopyRow).where(
                ArticleCopyRow.article_id.in_([a.id for a in articles])
            )
            for copy in session.scalars(query.order_by(ArticleCopyRow.seen_at)):
                source = source_view(copy.source) if copy.source else None
                copies.setdefault(copy.article_id, []).append(CopyView(copy.url, source))
            count = session.scalar(
                select(func.count()).select_from(ArticleRow).where(ArticleRow.story_id == story_id)
            )
            return StoryView(
                row.id, row.title, row.first_seen_at, row.last_seen_at, count or 0, articles, copies
            )


def _columns(story: StoryUpdate) -> dict[str, Any]:
    return {
        "title": story.title,
        "profile": story.profile,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "article_count": story.size,
    }


def _file(session: Session, story_id: int, article_id: int, keys: list[str]) -> None:
    """Link the article to its story and file the story under its keys."""
    unique = dict.fromkeys(key[:200] for key in keys)
    if unique:
        rows = [{"key": key, "story_id": story_id} for key in unique]
        session.execute(insert(StoryKeyRow), rows)
    session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(story_id=story_id))
