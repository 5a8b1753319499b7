"""When lists place an article: the one rule behind ``articles.listed_at``.

Every list (home, tag, section, source, edition, "For you"), its cursor and its
indexes order by ``(listed_at, id)``; search ranks recency and filters dates by
it too. It is decided here, when an article is written, so that the queries
order by a plain column on SQLite and PostgreSQL alike.

- An article with a publication date of its own is listed at it.
- Without one, fetched live: when Tidings first saw it. A feed's new entry is
  about as old as the fetch that found it.
- Without one, read from an archive: the archive's own date for the page (a
  WARC record's capture or Last-Modified, an archived feed's date). The day of
  the import says nothing about the article; taken for its age, every undated
  page of an old archive led the home page above the day's news.
- Read from an archive that gives no date either: ``UNDATED``, after every dated
  article (by arrival among themselves, the id breaking the tie). Such an
  article is still on its source's page and in search, as old news is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tidings.models import ARCHIVE_IDENTITIES, Archived

# Before any date Tidings believes (ingest/dates.py: EARLIEST, 1900), so no dated
# article ties with it. Only the sort key holds it; readers are told "no date".
UNDATED = datetime(1800, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a stored article is listed, and the facts that placed it there."""

    listed_at: datetime
    published_at: datetime | None
    first_seen_at: datetime
    archival: bool  # read from an archive: its first sight was an import


def list_time(
    published: datetime | None, archived: Archived | None, first_seen: datetime
) -> datetime:
    """The list time of a new article (see the module's rules)."""
    if published is not None:
        return published
    if archived is None:
        return first_seen
    return archived.at or UNDATED


def relisted(placed: Placed, published: datetime | None, archived: Archived | None) -> datetime:
    """The list time of a stored article written again (a new version, the same text
    seen again, or ``tidings reprocess``).

    With a publication date it is listed at it. Without one it keeps its place,
    unless that place was a date it has lost (a placeholder a fix removed): it then
    takes an undated article's place. An archive's date moves it earlier, never
    later: the page existed by the earliest capture (a WARC of 2019 re-imported over
    a row that an archive without dates, or this rule's upgrade, left undated).
    """
    if published is not None:
        return published
    listed = placed.listed_at
    if placed.published_at is not None and listed == placed.published_at:
        listed = UNDATED if placed.archival else placed.first_seen_at
    if archived is not None and archived.at is not None:
        return archived.at if listed <= UNDATED else min(listed, archived.at)
    return listed


def from_archive(url: str, source_kind: str | None) -> bool:
    """Whether a stored article was read from an archive: filed under an archive
    source, or named by an archive identity (a record without URL, a saved file)."""
    return source_kind == "archive" or url.startswith(ARCHIVE_IDENTITIES)


def shown_time(listed: datetime) -> datetime | None:
    """The list time as readers may see it: None for an article with no time at all."""
    return None if listed <= UNDATED else listed
