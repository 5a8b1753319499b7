"""Stories in the database: the lookups and writes of online grouping.

The decisions are pure functions in ``enrich/dedup.py`` and ``enrich/stories.py``;
``pipeline.py`` asks this repository for the neighbours (articles sharing a band key,
open stories sharing a candidate key), decides, and hands the result back. How
fingerprints are filed and claimed, and copies folded, is ``store/prints.py``.

Concurrency: a story's profile is read with its ``revision`` and written back only if
the revision is unchanged (compare-and-set), so two workers growing one story on
PostgreSQL never lose an article's share; the loser re-reads and decides again. A
merge compares and sets every story it touches in one transaction.

Size: a story's key rows are what new articles search; once a story has been quiet
for ``KEEP_KEYS`` behind the newest coverage it can never be joined, and every
``PRUNE_EVERY``-th new story deletes such stories' keys, so ``story_keys`` follows
the number of open stories, not of all stories ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from tidings.models import CopyRef
from tidings.store.articles import stored_among
from tidings.store.database import single_reads
from tidings.store.fitting import address
from tidings.store.prints import band_sharers, file_copies, fold
from tidings.store.reading import views
from tidings.store.schema import (
    SORT_KEY,
    ArticleCopyRow,
    ArticleRow,
    StoryKeyRow,
    StoryRow,
)
from tidings.store.sources import archive_source, now_utc, source_view
from tidings.store.views import ArticleView, SourceView

MAX_STORY_ARTICLES = 500  # a story page lists this many, newest first
KEEP_KEYS = timedelta(days=30)  # well past the quiet window: archives arrive out of order
PRUNE_EVERY = 200  # new stories between two prunes of closed stories' keys


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
        self._reads = single_reads(engine)  # the look-ups every new article makes

    def duplicate_candidates(self, url: str, band_keys: tuple[str, ...]) -> list[tuple[int, bytes]]:
        """(id, fingerprint) of stored articles sharing a band key, oldest first.

        Empty when ``url`` is itself stored: an article's own new version updates it
        in place and is never folded into another article.
        """
        if not band_keys:
            return []
        with Session(self._reads) as session:
            return band_sharers(session, band_keys, unless_stored=url)

    def fold(self, article_id: int, url: str, source_id: int | None) -> None:
        """Keep ``url`` (and its publisher) as another address of ``article_id``."""
        with Session(self._engine) as session, session.begin():
            fold(session, article_id, url, source_id)

    def keep_copies(self, article_id: int, copies: Sequence[CopyRef]) -> int:
        """Keep ``copies``, which another instance folded into the article, as its other
        addresses, each with its publisher (created by name if new); how many were new.

        An address stored already, as an article or as a copy, stays as it is: an export
        ingested twice adds nothing. One longer than a row keeps is left out, as
        PostgreSQL would refuse the whole transaction for it.
        """
        with Session(self._engine) as session, session.begin():
            fresh = [
                (copy.url, archive_source(session, copy.source.name, copy.source.url))
                for copy in _unknown(session, copies)
            ]
            file_copies(session, article_id, fresh)
            return len(fresh)

    def unfinished(self, article_id: int) -> bool:
        """Whether the article was stored but never filed in a story: the process saving
        it died in between (a stored article always has a story)."""
        with Session(self._reads) as session:
            query = select(ArticleRow.story_id).where(ArticleRow.id == article_id)
            story_id = session.scalar(query)
        return story_id is None

    def open_stories(
        self, keys: list[str], around: datetime, quiet: timedelta, limit: int
    ) -> list[OpenStory]:
        """Stories filed under any of ``keys`` with coverage within ``quiet`` of ``around``:
        the ``limit`` that share the most keys, the most recently covered first among
        equals (``StoryParams.candidates``).

        Archives arrive out of order, so "open" is a window on both sides of the
        article's own time rather than a flag that only ever closes.
        """
        if not keys:
            return []
        earliest, latest = _shifted(around, -quiet), _shifted(around, quiet)
        with Session(self._reads) as session:
            shared = (
                select(StoryKeyRow.story_id, func.count().label("shared"))
                .where(StoryKeyRow.key.in_(keys))
                .group_by(StoryKeyRow.story_id)
                .subquery()
            )
            query = (
                select(StoryRow.id, StoryRow.profile, StoryRow.revision)
                .join(shared, shared.c.story_id == StoryRow.id)
                .where(StoryRow.last_seen_at.between(earliest, latest))
                .order_by(shared.c.shared.desc(), StoryRow.last_seen_at.desc(), StoryRow.id)
                .limit(limit)
            )
            return [OpenStory(*row) for row in session.execute(query)]

    def start(self, article_id: int, story: StoryUpdate) -> int:
        """A new story with its first article; its id is its permanent address."""
        with Session(self._engine) as session, session.begin():
            new = insert(StoryRow).values(revision=1, **_columns(story)).returning(StoryRow.id)
            story_id = session.execute(new).scalar_one()
            _file(session, story_id, article_id, story.keys)
        if story_id % PRUNE_EVERY == 0:
            self.prune_closed()
        return story_id

    def grow(
        self,
        article_id: int,
        joined: OpenStory,
        story: StoryUpdate,
        absorbed: Sequence[OpenStory] = (),
    ) -> bool:
        """Write the grown story (merged with ``absorbed``, younger stories that turned
        out to be the same event) if nobody changed any of them since they were read."""
        try:
            with Session(self._engine) as session, session.begin():
                _compare_and_set(session, joined, _columns(story))
                now = now_utc()
                for younger in absorbed:
                    gone = {"merged_into": joined.id, "merged_at": now, "article_count": 0}
                    _compare_and_set(session, younger, gone)
                moved = [younger.id for younger in absorbed]
                if moved:
                    _redirect(session, moved, joined.id)
                session.execute(
                    delete(StoryKeyRow).where(StoryKeyRow.story_id.in_([joined.id, *moved]))
                )
                _file(session, joined.id, article_id, story.keys)
        except _Stale:
            return False
        return True

    def successor(self, story_id: int) -> int | None:
        """The story that ``story_id`` was merged into, if it was."""
        with Session(self._engine) as session:
            return session.scalar(select(StoryRow.merged_into).where(StoryRow.id == story_id))

    def prune_closed(self) -> int:
        """Drop the key rows of stories quiet for ``KEEP_KEYS`` behind the newest coverage."""
        with Session(self._engine) as session, session.begin():
            newest = session.scalar(select(func.max(StoryRow.last_seen_at)))
            if newest is None:
                return 0
            closed = (
                select(StoryRow.id)
                .where(StoryRow.id.in_(select(StoryKeyRow.story_id)))
                .where(StoryRow.last_seen_at < newest - KEEP_KEYS)
            )
            return session.execute(
                delete(StoryKeyRow).where(StoryKeyRow.story_id.in_(closed.scalar_subquery()))
            ).rowcount

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
            copies = copies_of(session, [a.id for a in articles])
            count = session.scalar(
                select(func.count()).select_from(ArticleRow).where(ArticleRow.story_id == story_id)
            )
            return StoryView(
                row.id, row.title, row.first_seen_at, row.last_seen_at, count or 0, articles, copies
            )


def copies_of(session: Session, ids: list[int]) -> dict[int, list[CopyView]]:
    """The other addresses (and publishers) folded into each of these articles, by id."""
    copies: dict[int, list[CopyView]] = {}
    query = select(ArticleCopyRow).where(ArticleCopyRow.article_id.in_(ids))
    for copy in session.scalars(query.order_by(ArticleCopyRow.seen_at)):
        source = source_view(copy.source) if copy.source else None
        copies.setdefault(copy.article_id, []).append(CopyView(copy.url, source))
    return copies


def _columns(story: StoryUpdate) -> dict[str, Any]:
    return {
        "title": story.title,
        "profile": story.profile,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "article_count": story.size,
    }


class _Stale(Exception):
    """Another writer changed a story since it was read: roll back and decide again."""


def _compare_and_set(session: Session, read: OpenStory, values: dict[str, Any]) -> None:
    """Update the story only if its revision is still the one read, bumping it."""
    changed = session.execute(
        update(StoryRow)
        .where(StoryRow.id == read.id, StoryRow.revision == read.revision)
        .values(revision=read.revision + 1, **values)
    ).rowcount
    if not changed:
        raise _Stale(read.id)


def _redirect(session: Session, moved: list[int], survivor: int) -> None:
    """Point the merged stories, their articles and earlier redirects at ``survivor``."""
    session.execute(
        update(ArticleRow).where(ArticleRow.story_id.in_(moved)).values(story_id=survivor)
    )
    session.execute(
        update(StoryRow).where(StoryRow.merged_into.in_(moved)).values(merged_into=survivor)
    )


def _unknown(session: Session, copies: Sequence[CopyRef]) -> list[CopyRef]:
    """The first copy of each address that a row can keep and that is not stored yet."""
    unique: dict[str, CopyRef] = {}
    for copy in copies:
        if address(copy.url, ArticleCopyRow.url):
            unique.setdefault(copy.url, copy)
    stored = {row.url for row in stored_among(session, list(unique))}
    return [copy for url, copy in unique.items() if url not in stored]


def _file(session: Session, story_id: int, article_id: int, keys: list[str]) -> None:
    """Link the article to its story and file the story under its keys."""
    unique = dict.fromkeys(key[:200] for key in keys)
    if unique:
        rows = [{"key": key, "story_id": story_id} for key in unique]
        session.execute(insert(StoryKeyRow), rows)
    session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(story_id=story_id))


def _shifted(when: datetime, by: timedelta) -> datetime:
    """``when + by``, or ``when`` at the ends of the calendar: a date near year 1 or 9999
    that slipped past ``plausible_date`` must not overflow a crawl."""
    try:
        return when + by
    except OverflowError:
        return when
