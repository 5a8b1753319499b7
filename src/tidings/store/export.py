"""Every stored article with what Tidings made of it, streamed for ``tidings export``.

Researchers who feed Tidings an archive want the enriched corpus back (sections,
hashtags with their evidence, stories, the copies folded into each article), and an
operator moving from SQLite to PostgreSQL wants the articles in a form the other
instance can ingest. Both read the same stream: the lists' own newest-first keyset
walk, so an export costs one indexed page query per ``batch`` articles however big
the store is, and articles arriving meanwhile do not shift it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tidings.store.reading import ListFilter, Reader, cursor_before
from tidings.store.stories import CopyView, copies_of
from tidings.store.views import ArticleView


@dataclass(frozen=True, slots=True)
class ExportedArticle:
    article: ArticleView
    copies: list[CopyView]  # republications folded into the article


def exported_articles(
    engine: Engine,
    where: ListFilter | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = 500,
) -> Iterator[ExportedArticle]:
    """The articles ``where`` selects, newest first, listed at ``since`` or later and
    before ``until`` (by the time lists sort them by, ``store/listtime.py``). Archived
    articles with no date at all come last, before any ``until`` and after any ``since``."""
    reader = Reader(engine)
    cursor = cursor_before(until) if until else None
    while True:
        page = reader.latest(limit=batch, cursor=cursor, where=where)
        with Session(engine) as session:
            copies = copies_of(session, [a.id for a in page.articles])
        for article in page.articles:
            if since is not None and (article.listed_at is None or article.listed_at < since):
                return
            yield ExportedArticle(article, copies.get(article.id, []))
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
