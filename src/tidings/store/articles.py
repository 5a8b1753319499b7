"""Writing articles: one row per canonical URL, updated in place.

Re-ingesting an article never duplicates it. A changed text updates the row
and keeps the previous version's hash. Two writers racing on one URL (two
Celery workers, say) are settled by the database, not by luck: the unique
URL plus ``INSERT ... ON CONFLICT DO NOTHING`` creates the row exactly once,
and the loser updates the winner's row under a row lock.

Where lists place the article (``listed_at``) is decided here, on every write,
by the rules of ``store/listtime.py``; its fingerprint is filed in the same
transaction, by ``store/prints.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, Row, delete, insert, select, true
from sqlalchemy.orm import Session

from tidings.ingest.dates import plausible_date
from tidings.models import Archived, Article, TagAssignment
from tidings.store.cjk import index_text
from tidings.store.database import dialect_insert
from tidings.store.fitting import address, fitted
from tidings.store.listtime import Placed, from_archive, list_time, relisted
from tidings.store.prints import Filing, claim, refile_fingerprint
from tidings.store.schema import ArticleCopyRow, ArticleRow, ArticleTagRow, TagRow
from tidings.store.sources import now_utc


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # folded into the article it repeats (store/stories.py)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the feed said about an article we already have: enough to skip it."""

    id: int
    updated_at: datetime
    finished: bool = True  # False: stored, but its writer died before filing its story


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


class ArticleRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def known(self, urls: list[str]) -> dict[str, StoredArticle]:
        """Stored articles among ``urls``, so a crawl can skip unchanged entries.

        A URL folded into another article as its copy counts as stored (as that
        article, seen when the copy was), so a feed listing it is not refetched.
        """
        with Session(self._engine) as session:
            return {
                url: StoredArticle(id_, updated, bool(finished))
                for url, id_, updated, finished in stored_among(session, urls)
            }

    def save(
        self, article: Article, source_id: int | None, filing: Filing | None = None
    ) -> tuple[int, Outcome]:
        """Insert or update one article with its tags, in one transaction, and with
        ``filing`` its fingerprint in the same one (``store/prints.py``): a new text that
        repeats a stored article (one saved a moment ago by another writer, say) is not
        kept; that article is returned as a DUPLICATE, with this URL folded into it.

        The insert comes first: it either creates the row or waits for a
        concurrent writer of the same URL to commit, and it takes SQLite's write
        lock before anything is read. The row read after it is therefore the
        latest one, locked (FOR UPDATE on PostgreSQL) until we commit.
        """
        fingerprint = filing.fingerprint if filing else None
        with Session(self._engine) as session, session.begin():
            article_id, outcome, unfinished = _write(session, article, source_id, fingerprint)
            if filing is None:
                return article_id, outcome
            if unfinished and filing.band_keys:
                url, fresh = article.content.url, outcome is Outcome.NEW
                owner = claim(session, article_id, filing, url, source_id, fresh)
                if owner != article_id:
                    return owner, Outcome.DUPLICATE
            elif unfinished or outcome is Outcome.UPDATED:
                refile_fingerprint(session, article_id, filing.fingerprint, filing.band_keys)
            return article_id, outcome


def _write(
    session: Session, article: Article, source_id: int | None, fingerprint: bytes | None
) -> tuple[int, Outcome, bool]:
    """The article's row and tags written: its id, the outcome, and whether it is
    unfinished (new, or stored by a writer that died before filing it in a story)."""
    now = now_utc()
    values = row_values(article, source_id, now)
    archived = article.content.archived
    listed = list_time(values["published_at"], archived, now)
    insert = dialect_insert(session)(ArticleRow).values(
        url=article.content.url,
        first_seen_at=now,
        listed_at=listed,
        previous_hashes=[],
        fingerprint=fingerprint,
        **values,
    )
    new_id = session.scalar(
        insert.on_conflict_do_nothing(index_elements=["url"]).returning(ArticleRow.id)
    )
    if new_id is not None:
        insert_tags(session, new_id, article.enrichment.tags)
        return new_id, Outcome.NEW, True
    row = session.scalars(
        select(ArticleRow)
        .where(ArticleRow.url == article.content.url)
        .with_for_update(of=ArticleRow)
    ).one()
    placed, unfinished = _placed(row, archived), row.story_id is None
    if row.content_hash == values["content_hash"]:
        # Unchanged text keeps its dates; an archive may still place it better.
        row.listed_at = relisted(placed, row.published_at, archived)
        return row.id, Outcome.UNCHANGED, unfinished
    row.previous_hashes = [*row.previous_hashes, row.content_hash]
    if values["source_id"] is None:
        del values["source_id"]  # an update without a source keeps the one we had
    for name, value in values.items():
        setattr(row, name, value)
    row.listed_at = relisted(placed, values["published_at"], archived)
    session.execute(delete(ArticleTagRow).where(ArticleTagRow.article_id == row.id))
    insert_tags(session, row.id, article.enrichment.tags)
    return row.id, Outcome.UPDATED, unfinished


def stored_among(
    session: Session, urls: list[str]
) -> Iterator[Row[tuple[str, int, datetime, bool]]]:
    """(url, article id, when last written, whether filed in a story) of each of ``urls``
    stored as an article or as a folded copy (as its article, seen when the copy was)."""
    copies = select(ArticleCopyRow.url, ArticleCopyRow.article_id, ArticleCopyRow.seen_at, true())
    articles = select(
        ArticleRow.url, ArticleRow.id, ArticleRow.updated_at, ArticleRow.story_id.is_not(None)
    )
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        yield from session.execute(copies.where(ArticleCopyRow.url.in_(chunk)))
        yield from session.execute(articles.where(ArticleRow.url.in_(chunk)))


def _placed(row: ArticleRow, archived: Archived | None) -> Placed:
    kind = row.source.kind if row.source else None
    archival = archived is not None or from_archive(row.url, kind)
    return Placed(row.listed_at, row.published_at, row.first_seen_at, archival)


def row_values(article: Article, source_id: int | None, now: datetime) -> dict[str, Any]:
    """The columns an article's content and enrichment decide (an update rewrites them)."""
    content, enrichment = article.content, article.enrichment
    return {
        "source_id": source_id,
        "title": content.title,
        "text": content.text,
        "html": content.html,
        "summary": content.summary,
        "author": fitted(content.author, ArticleRow.author),
        "image_url": address(content.image, ArticleRow.image_url),
        "site_name": fitted(content.site_name, ArticleRow.site_name),
        "published_at": plausible_date(content.published, now),
        "updated_at": now,
        "language": enrichment.language,
        "section": enrichment.section,
        "section_evidence": enrichment.section_evidence,
        "publisher_section": fitted(content.section, ArticleRow.publisher_section),
        "publisher_keywords": list(content.keywords),
        "alternate_urls": sorted(set(content.alternate_urls) - {content.url}),
        "content_hash": content_hash(content.title, content.text),
        # What the full-text index reads instead, when CJK runs need cutting (store/cjk.py).
        "search_title": index_text(content.title),
        "search_text": index_text(content.text),
    }


def insert_tags(session: Session, article_id: int, tags: list[TagAssignment]) -> None:
    """Link ``tags`` to the article in their order (its first tag ranks 0), a slug once."""
    unique: dict[str, TagAssignment] = {}
    for tag in tags:
        unique.setdefault(tag.slug, tag)
    if not unique:
        return
    ids = _ensure_tags(session, list(unique.values()))
    rows = [
        {
            "article_id": article_id,
            "tag_id": ids[tag.slug],
            "rank": rank,
            "score": tag.score,
            "evidence": tag.evidence,
        }
        for rank, tag in enumerate(unique.values())
    ]
    session.execute(insert(ArticleTagRow), rows)  # one executemany, no ORM objects


def _ensure_tags(session: Session, tags: list[TagAssignment]) -> dict[str, int]:
    """Tag ids by slug, inserting missing tags without racing other writers.

    Most tags of a new article exist already, so they are read first and only the
    rest inserted, the insert returning their ids: two statements when some are new.
    """
    ids = _tag_ids(session, [t.slug for t in tags])
    # Sorted, so that concurrent writers lock new tags in one order and never deadlock.
    rows = sorted(
        (
            {"slug": t.slug, "display": t.display, "kind": str(t.kind)}
            for t in tags
            if t.slug not in ids
        ),
        key=lambda row: row["slug"],
    )
    if rows:
        insert = dialect_insert(session)(TagRow).on_conflict_do_nothing(index_elements=["slug"])
        # One statement for any number of rows, returning the ids of those it inserted.
        inserted = session.execute(insert.returning(TagRow.slug, TagRow.id), rows)
        ids |= {slug: id_ for slug, id_ in inserted}
        raced = [row["slug"] for row in rows if row["slug"] not in ids]
        if raced:  # inserted by another writer meanwhile
            ids |= _tag_ids(session, raced)
    return ids


def _tag_ids(session: Session, slugs: list[str]) -> dict[str, int]:
    query = select(TagRow.slug, TagRow.id).where(TagRow.slug.in_(slugs))
    return {slug: id_ for slug, id_ in session.execute(query)}
