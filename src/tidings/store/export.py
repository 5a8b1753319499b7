"""Every stored article with what Tidings made of it, streamed for ``tidings export``.

Researchers who feed Tidings an archive want the enriched corpus back (sections,
hashtags with their evidence, stories, the copies folded into each article), and an
operator moving from SQLite to PostgreSQL wants the articles in a form the other
instance can ingest. Both read the same stream, oldest first, in the order the lists
sort by (``store/listtime.py``), ties by arrival: ingested again, the articles arrive
as they first did, so stories are grouped forwards in time and articles listed at the
same moment keep their order (newest first, the file had reversed them). The walk is
the lists' own query, ascending, by keyset: one indexed page query per ``batch``
articles however big the store is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, literal, tuple_
from sqlalchemy.orm import Session

from tidings.store.reading import ListFilter, narrowed_query, views
from tidings.store.schema import UTCDateTime
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
    """The articles ``where`` selects, oldest first, listed at ``since`` or later and
    before ``until``. Archived articles with no date at all come first; any ``since``
    leaves them out."""
    with Session(engine) as session:
        found = narrowed_query(session, where or ListFilter())
        if found is None:
            return
        query, moment, id_ = found
        if since is not None:
            query = query.where(moment >= literal(since, UTCDateTime()))
        if until is not None:
            query = query.where(moment < literal(until, UTCDateTime()))
        query = query.order_by(moment, id_).limit(batch)
        position = None
        while rows := list(
            session.scalars(
                query if position is None else query.where(tuple_(moment, id_) > position)
            ).unique()
        ):
            copies = copies_of(session, [row.id for row in rows])
            for article in views(session, rows):
                yield ExportedArticle(article, copies.get(article.id, []))
            last = rows[-1]
            position = tuple_(literal(last.listed_at, UTCDateTime()), last.id)
            session.expunge_all()  # a page's rows are written; memory stays one page
