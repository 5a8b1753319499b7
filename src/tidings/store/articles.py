"""Writing articles: one row per canonical URL, updated in place.

Re-ingesting an article never duplicates it. A changed text updates the row
and keeps the previous version's hash; the unique constraint on the URL, not
luck, guarantees one row when two writers race.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tidings.models import Article, TagAssignment
from tidings.store.schema import ArticleRow, ArticleTagRow, TagRow
from tidings.store.sources import now_utc

FUTURE_TOLERANCE = timedelta(days=1)


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the feed said about an article we already have: enough to skip it."""

    id: int
    updated_at: datetime


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


class ArticleRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def known(self, urls: list[str]) -> dict[str, StoredArticle]:
        """Stored articles among ``urls``, so a crawl can skip unchanged entries."""
        found: dict[str, StoredArticle] = {}
        with Session(self._engine) as session:
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                query = select(ArticleRow.url, ArticleRow.id, ArticleRow.updated_at).where(
                    ArticleRow.url.in_(chunk)
                )
                for url, id_, updated in session.execute(query):
                    found[url] = StoredArticle(id_, updated)
        return found

    def save(self, article: Article, source_id: int | None) -> tuple[int, Outcome]:
        """Insert or update one article with its tags, in one transaction."""
        try:
            return self._save(article, source_id)
        except IntegrityError:
            # Another writer inserted the same URL between our read and our write.
            return self._save(article, source_id)

    def _save(self, article: Article, source_id: int | None) -> tuple[int, Outcome]:
        content, enrichment = article.content, article.enrichment
        digest = content_hash(content.title, content.text)
        now = now_utc()
        with Session(self._engine) as session, session.begin():
            row = session.scalar(select(ArticleRow).where(ArticleRow.url == content.url))
            if row is not None and row.content_hash == digest:
                return row.id, Outcome.UNCHANGED
            outcome = Outcome.UPDATED if row is not None else Outcome.NEW
            if row is None:
                row = ArticleRow(url=content.url, first_seen_at=now, previous_hashes=[])
                session.add(row)
            else:
                row.previous_hashes = [*row.previous_hashes, row.content_hash]
            row.source_id = source_id if source_id is not None else row.source_id
            row.title, row.text, row.html = content.title, content.text, content.html
            row.summary, row.author, row.image_url = content.summary, content.author, content.image
            row.site_name = content.site_name
            row.published_at = _plausible(content.published, now)
            row.updated_at = now
            row.language = enrichment.language
            row.section, row.section_evidence = enrichment.section, enrichment.section_evidence
            row.publisher_section = content.section
            row.publisher_keywords = list(content.keywords)
            row.alternate_urls = sorted(set(content.alternate_urls) - {content.url})
            row.content_hash = digest
            session.flush()
            _replace_tags(session, row.id, enrichment.tags)
            return row.id, outcome


def _plausible(published: datetime | None, now: datetime) -> datetime | None:
    """A date far in the future is a publisher's bug; it must not pin an article on top."""
    if published is None or published > now + FUTURE_TOLERANCE:
        return None
    return published


def _replace_tags(session: Session, article_id: int, tags: list[TagAssignment]) -> None:
    session.execute(delete(ArticleTagRow).where(ArticleTagRow.article_id == article_id))
    unique: dict[str, TagAssignment] = {}
    for tag in tags:
        unique.setdefault(tag.slug, tag)
    if not unique:
        return
    ids = _ensure_tags(session, list(unique.values()))
    session.add_all(
        ArticleTagRow(
            article_id=article_id,
            tag_id=ids[tag.slug],
            rank=rank,
            score=tag.score,
            evidence=tag.evidence,
        )
        for rank, tag in enumerate(unique.values())
    )


def _ensure_tags(session: Session, tags: list[TagAssignment]) -> dict[str, int]:
    """Tag ids by slug, inserting missing tags without racing other writers."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [{"slug": t.slug, "display": t.display, "kind": str(t.kind)} for t in tags]
    session.execute(insert(TagRow).values(rows).on_conflict_do_nothing(index_elements=["slug"]))
    query = select(TagRow.slug, TagRow.id).where(TagRow.slug.in_([t.slug for t in tags]))
    return {slug: id_ for slug, id_ in session.execute(query)}
