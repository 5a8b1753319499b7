"""Queries by use, for the pages: lists newest first, one article, tags, sources.

Lists use keyset pagination: the cursor is the (time, id) of the last article
shown, so a page stays stable while new articles arrive on top.
"""

from __future__ import annotations

import base64
import difflib
from datetime import datetime

from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from tidings.store.schema import SORT_KEY, ArticleRow, ArticleTagRow, TagRow
from tidings.store.sources import source_view
from tidings.store.views import ArticlePage, ArticleTagView, ArticleView, TagView


class BadCursor(ValueError):
    """A cursor that this instance did not hand out."""


def encode_cursor(article: ArticleView) -> str:
    raw = f"{article.listed_at.isoformat()}|{article.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, id_ = raw.rsplit("|", 1)
        return datetime.fromisoformat(moment), int(id_)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc


class Reader:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def latest(
        self,
        *,
        limit: int = 20,
        cursor: str | None = None,
        tag: str | None = None,
        source_id: int | None = None,
        section: str | None = None,
    ) -> ArticlePage:
        """Newest articles, optionally of one tag, source or section."""
        query = select(ArticleRow).order_by(SORT_KEY.desc(), ArticleRow.id.desc())
        if tag is not None:
            query = query.join(ArticleTagRow).join(TagRow).where(TagRow.slug == tag)
        if source_id is not None:
            query = query.where(ArticleRow.source_id == source_id)
        if section is not None:
            query = query.where(ArticleRow.section == section)
        if cursor:
            query = _after(query, *decode_cursor(cursor))
        with Session(self._engine) as session:
            rows = list(session.scalars(query.limit(limit + 1)).unique())
            articles = self._views(session, rows[:limit])
        more = len(rows) > limit
        return ArticlePage(articles, encode_cursor(articles[-1]) if more and articles else None)

    def article(self, article_id: int) -> ArticleView | None:
        with Session(self._engine) as session:
            row = session.get(ArticleRow, article_id)
            return self._views(session, [row])[0] if row else None

    def tag(self, slug: str) -> TagView | None:
        with Session(self._engine) as session:
            row = session.scalar(select(TagRow).where(TagRow.slug == slug))
            return TagView(row.slug, row.display, row.kind) if row else None

    def close_tags(self, slug: str, limit: int = 5) -> list[TagView]:
        """Tags spelled like ``slug``: the 404 page's "did you mean"."""
        needle = slug.lower()
        with Session(self._engine) as session:
            query = select(TagRow).where(
                or_(
                    func.lower(TagRow.slug).like(f"%{needle[:4]}%"),
                    func.lower(TagRow.display).like(f"%{needle[:4]}%"),
                )
            )
            rows = {row.slug.lower(): row for row in session.scalars(query.limit(2000))}
        names = difflib.get_close_matches(needle, list(rows), n=limit, cutoff=0.5)
        return [TagView(rows[n].slug, rows[n].display, rows[n].kind) for n in names]

    def popular_tags(self, limit: int = 20) -> list[tuple[TagView, int]]:
        count = func.count(ArticleTagRow.article_id)
        query = (
            select(TagRow, count)
            .join(ArticleTagRow)
            .group_by(TagRow.id)
            .order_by(count.desc(), TagRow.slug)
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [
                (TagView(row.slug, row.display, row.kind), n) for row, n in session.execute(query)
            ]

    def article_count(self) -> int:
        with Session(self._engine) as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    @staticmethod
    def _views(session: Session, rows: list[ArticleRow]) -> list[ArticleView]:
        tags = _tags_by_article(session, [row.id for row in rows])
        return [
            ArticleView(
                id=row.id,
                url=row.url,
                title=row.title,
                text=row.text,
                html=row.html,
                summary=row.summary,
                author=row.author,
                image_url=row.image_url,
                language=row.language,
                published_at=row.published_at,
                first_seen_at=row.first_seen_at,
                section=row.section,
                section_evidence=row.section_evidence,
                publisher_section=row.publisher_section,
                source=source_view(row.source) if row.source else None,
                tags=tags.get(row.id, []),
            )
            for row in rows
        ]


def _after(
    query: Select[tuple[ArticleRow]], moment: datetime, id_: int
) -> Select[tuple[ArticleRow]]:
    return query.where(or_(moment > SORT_KEY, and_(moment == SORT_KEY, ArticleRow.id < id_)))


def _tags_by_article(session: Session, ids: list[int]) -> dict[int, list[ArticleTagView]]:
    if not ids:
        return {}
    query = (
        select(ArticleTagRow)
        .where(ArticleTagRow.article_id.in_(ids))
        .order_by(ArticleTagRow.article_id, ArticleTagRow.rank)
    )
    found: dict[int, list[ArticleTagView]] = {}
    for link in session.scalars(query):
        view = ArticleTagView(
            TagView(link.tag.slug, link.tag.display, link.tag.kind), link.score, link.evidence
        )
        found.setdefault(link.article_id, []).append(view)
    return found
