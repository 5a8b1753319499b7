"""Sources: subscriptions, their schedule and their health.

A source is called by its operator's title when one was given (``sources add
--title``, OPML, the web form), and such a title is never changed. Otherwise its
feed names it: the publisher's name in the feed's title (``ingest/publisher.py``),
taken again at every successful crawl or import of that feed, so a better reading
or a renamed feed reaches the sources already stored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from tidings.store.fitting import address, fitted
from tidings.store.schema import SourceRow
from tidings.store.views import SourceView

ARCHIVE_PREFIX = "urn:tidings:source:"


def now_utc() -> datetime:
    return datetime.now(UTC)


class SourceRepo:
    """Everything the CLI, the crawler and the site ask about sources."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(
        self,
        url: str,
        *,
        title: str | None = None,
        site_url: str | None = None,
        category: str | None = None,
        kind: str = "feed",
    ) -> tuple[SourceView, bool]:
        """Subscribe to ``url``; returns the source and whether it is new."""
        with Session(self._engine) as session, session.begin():
            row, created = _source_row(session, url, title, site_url, category, kind)
            return source_view(row), created

    def for_archive(
        self, name: str | None, url: str | None, site_url: str | None = None
    ) -> int | None:
        """The source an offline record belongs to, created on first sight."""
        with Session(self._engine) as session, session.begin():
            return archive_source(session, name, url, site_url)

    def remove(self, ref: str) -> bool:
        """Unsubscribe by id or URL; the articles stay, detached from the source."""
        with Session(self._engine) as session, session.begin():
            row = self._find(session, ref)
            if row is None:
                return False
            session.delete(row)
            return True

    def get(self, ref: str | int) -> SourceView | None:
        with Session(self._engine) as session:
            row = self._find(session, str(ref))
            return source_view(row) if row else None

    def list(self, *, kind: str | None = None) -> list[SourceView]:
        with Session(self._engine) as session:
            query = select(SourceRow).order_by(SourceRow.id)
            if kind:
                query = query.where(SourceRow.kind == kind)
            return [source_view(row) for row in session.scalars(query)]

    def count(self, *, kind: str = "feed") -> int:
        with Session(self._engine) as session:
            query = select(func.count()).select_from(SourceRow).where(SourceRow.kind == kind)
            return session.scalar(query) or 0

    def due(self, now: datetime | None = None, *, include_broken: bool = False) -> list[SourceView]:
        """Feeds whose next check time has come, oldest first."""
        now = now or now_utc()
        with Session(self._engine) as session:
            query = (
                select(SourceRow)
                .where(SourceRow.kind == "feed")
                .where(or_(SourceRow.next_check_at.is_(None), SourceRow.next_check_at <= now))
                .order_by(SourceRow.next_check_at)
            )
            if not include_broken:
                query = query.where(SourceRow.broken.is_(False))
            return [source_view(row) for row in session.scalars(query)]

    def record_success(
        self,
        source_id: int,
        *,
        next_check_in: timedelta,
        etag: str | None,
        last_modified: str | None,
        title: str | None = None,
        feed_title: str | None = None,
        site_url: str | None = None,
        moved_to: str | None = None,
    ) -> None:
        """A fetch worked: clear errors, keep validators, schedule the next one.

        ``title`` is the publisher's name the feed gives, ``feed_title`` its title as
        declared (which tells a title stored before Tidings kept who named it)."""
        with Session(self._engine) as session, session.begin():
            row = session.get(SourceRow, source_id)
            if row is None:
                return
            now = now_utc()
            row.last_checked_at = row.last_success_at = now
            row.next_check_at = now + next_check_in
            row.etag, row.last_modified = etag, last_modified
            row.last_error, row.error_count, row.broken = None, 0, False
            _name_from_feed(row, title, feed_title)
            row.site_url = row.site_url or address(site_url, SourceRow.site_url)
            if moved_to and not session.scalar(
                select(SourceRow.id).where(SourceRow.url == moved_to)
            ):
                row.url = moved_to

    def record_failure(
        self, source_id: int, reason: str, *, retry_in: timedelta, broken_after: int
    ) -> SourceView | None:
        """A fetch failed: keep the reason for the operator, back off, maybe mark broken."""
        with Session(self._engine) as session, session.begin():
            row = session.get(SourceRow, source_id)
            if row is None:
                return None
            now = now_utc()
            row.last_checked_at = now
            row.last_error = reason
            row.error_count += 1
            row.next_check_at = now + retry_in
            row.broken = row.error_count >= broken_after
            return source_view(row)

    def check_now(self, ref: str | int) -> SourceView | None:
        """An operator asked for a re-crawl: due at once, and retried even if broken."""
        with Session(self._engine) as session, session.begin():
            row = self._find(session, str(ref))
            if row is None:
                return None
            row.next_check_at, row.broken = now_utc(), False
            return source_view(row)

    @staticmethod
    def _find(session: Session, ref: str) -> SourceRow | None:
        if ref.isdigit():
            return session.get(SourceRow, int(ref))
        return session.scalar(select(SourceRow).where(SourceRow.url == ref))


def archive_source(
    session: Session, name: str | None, url: str | None, site_url: str | None = None
) -> int | None:
    """``SourceRepo.for_archive`` inside the caller's transaction. A source known by its
    address (an archived feed's file, a record's ``source_url``) is named by what the
    archive says now; one known by its name keeps the spelling it was first given. A
    name or an address longer than the columns hold is cut or, for an address, not
    used (``fitting``)."""
    url, name = address(url, SourceRow.url), fitted(name, SourceRow.title)
    site_url = address(site_url, SourceRow.site_url)
    if not (name or url):
        return None
    if not url:
        assert name is not None
        key = ARCHIVE_PREFIX + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        row, _ = _source_row(session, fitted(key, SourceRow.url), name, site_url, None, "archive")
        return row.id
    row, created = _source_row(session, url, name, site_url, None, "archive")
    if not created:
        row.title = name if name and row.title_from_feed else row.title
        row.site_url = row.site_url or site_url
    return row.id


def _name_from_feed(row: SourceRow, name: str | None, declared: str | None) -> None:
    """Name ``row`` as its feed does unless the operator named it. A row stored before
    Tidings kept who named it is the feed's when its title is none or the feed's own:
    the operator who typed the feed's very title gave it no name of their own."""
    if row.title_from_feed is None:
        row.title_from_feed = row.title is None or row.title in (declared, name)
    if row.title_from_feed and name:
        row.title = fitted(name, SourceRow.title)


def _source_row(
    session: Session,
    url: str,
    title: str | None,
    site_url: str | None,
    category: str | None,
    kind: str,
) -> tuple[SourceRow, bool]:
    """The source at ``url``, created if new; and whether it was."""
    row = session.scalar(select(SourceRow).where(SourceRow.url == url))
    if row is not None:
        return row, False
    row = SourceRow(
        url=url,
        kind=kind,
        title=title,
        title_from_feed=kind == "archive" or title is None,
        site_url=site_url,
        category=category,
        created_at=now_utc(),
        next_check_at=now_utc(),
        error_count=0,
        broken=False,
    )
    session.add(row)
    session.flush()
    return row, True


def source_view(row: SourceRow) -> SourceView:
    return SourceView(
        id=row.id,
        url=row.url,
        kind=row.kind,
        title=row.title,
        site_url=row.site_url,
        category=row.category,
        etag=row.etag,
        last_modified=row.last_modified,
        last_checked_at=row.last_checked_at,
        last_success_at=row.last_success_at,
        next_check_at=row.next_check_at,
        last_error=row.last_error,
        error_count=row.error_count,
        broken=row.broken,
    )
