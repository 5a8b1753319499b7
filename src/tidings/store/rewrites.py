"""Stored articles read back and rewritten in place: the store side of ``tidings reprocess``.

An article is read back as the ``Article`` the pipeline would have handed to
``ArticleRepo.save``, so the cleaning and enrichment stages take it as they take a
new one, and a rewrite compares and writes the same columns a save does
(``row_values``): only the columns whose value changes are written.

Safety:
- A batch is one transaction and each article a savepoint in it: an article that
  cannot be written is rolled back alone and reported, the batch goes on, and a
  run stopped between batches keeps every batch it committed.
- A row is rewritten only if it is still the version that was read (same content
  hash, same ``updated_at``): a crawl that updated it meanwhile stored today's
  output already. ``updated_at`` itself is left alone: the crawler compares a feed
  entry's date with it to tell whether the publisher changed the article.
- Stories, story keys and folded copies are not touched: a story's id is its
  permanent address, and re-deciding old articles would move them between stories.
- The full-text index follows by itself: SQLite's FTS5 triggers fire on an UPDATE
  of title or text; PostgreSQL's ``search_vector`` is a generated column.
- A changed publication date moves the article in the lists (``listed_at``, which
  triggers copy into the tag index), as a save does (``store/listtime.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, delete, func, select, text, true, update
from sqlalchemy.orm import Session

from tidings.models import Article, Enrichment, ExtractedArticle, SourceRef, TagAssignment, TagKind
from tidings.store.articles import insert_tags, row_values
from tidings.store.listtime import Placed, from_archive, relisted
from tidings.store.prints import refile_fingerprint
from tidings.store.schema import ArticleRow, ArticleTagRow, TagRow
from tidings.store.sources import archive_source


@dataclass(frozen=True, slots=True)
class ArticleAsStored:
    """One stored article as the pipeline's ``Article``, with the version it was read at."""

    id: int
    article: Article
    source_id: int | None
    written_at: datetime  # ``updated_at``: when its content was last fetched and stored
    placed: Placed  # where the lists place it, and why (store/listtime.py)
    content_hash: str
    previous_hashes: list[str]
    columns: dict[str, Any]  # the row as read, by the names ``row_values`` gives


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What a stored article becomes; ``fingerprint`` when its title or text changed."""

    stored: ArticleAsStored
    article: Article
    fingerprint: bytes | None = None
    band_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rewritten:
    """What became of one rewrite: changed, unchanged, or left as it was and why."""

    id: int
    changed: bool
    refused: str | None = None  # the row moved on since it was read
    error: Exception | None = None  # the write failed; its savepoint was rolled back


# What ``row_values`` gives, less ``updated_at`` (kept) and ``source_id`` (only ever set).
_COLUMNS = (
    "title",
    "text",
    "html",
    "summary",
    "author",
    "image_url",
    "site_name",
    "published_at",
    "language",
    "section",
    "section_evidence",
    "publisher_section",
    "publisher_keywords",
    "alternate_urls",
    "content_hash",
    "search_title",  # the CJK pair form the search index reads (store/cjk.py)
    "search_text",
)


class _Moved(Exception):
    """The row is no longer the version that was read: roll back its savepoint."""


class ArticleRewrites:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def count(self, *, source_id: int | None = None, since: datetime | None = None) -> int:
        """How many stored articles a run with these filters examines."""
        with Session(self._engine) as session:
            query = select(func.count()).select_from(ArticleRow).where(_chosen(source_id, since))
            return session.scalar(query) or 0

    def batch(
        self,
        *,
        after_id: int,
        limit: int,
        source_id: int | None = None,
        since: datetime | None = None,
    ) -> list[ArticleAsStored]:
        """The next ``limit`` articles by id after ``after_id``: a run walks the table once
        in id order, whatever it rewrites on the way."""
        with Session(self._engine) as session:
            rows = session.scalars(
                select(ArticleRow)
                .where(ArticleRow.id > after_id, _chosen(source_id, since))
                .order_by(ArticleRow.id)
                .limit(limit)
            ).all()
            tags = _tags_of(session, [row.id for row in rows])
            return [_as_stored(row, tags.get(row.id, [])) for row in rows]

    def write(self, rewrites: Sequence[Rewrite], *, keep: bool = True) -> list[Rewritten]:
        """Write the rewrites that change something, in one transaction committed at the
        end (rolled back instead when not ``keep``: a dry run goes through every write)."""
        changes = [(rewrite, _changes(rewrite)) for rewrite in rewrites]
        if not any(change is not None for _, change in changes):
            return [Rewritten(rewrite.stored.id, False) for rewrite in rewrites]
        results = []
        with Session(self._engine) as session:
            _begin_writing(session)
            for rewrite, change in changes:
                results.append(_write_one(session, rewrite, change))
            if keep:
                session.commit()
            else:
                session.rollback()
        return results


@dataclass(frozen=True, slots=True)
class _Change:
    columns: dict[str, Any]
    tags: list[TagAssignment] | None  # None: the tags stay
    source: SourceRef | None  # the publisher to file a source-less article under


def _changes(rewrite: Rewrite) -> _Change | None:
    """What the rewrite changes in the row, computed as a save computes its columns."""
    stored = rewrite.stored
    after = row_values(rewrite.article, stored.source_id, stored.written_at)
    columns = {name: after[name] for name in _COLUMNS if stored.columns[name] != after[name]}
    if "published_at" in columns:
        columns["listed_at"] = relisted(stored.placed, after["published_at"], None)
    old_tags, new_tags = stored.article.enrichment.tags, rewrite.article.enrichment.tags
    tags = new_tags if _tag_rows(old_tags) != _tag_rows(new_tags) else None
    publisher = rewrite.article.content.source
    source = publisher if stored.source_id is None and (publisher.name or publisher.url) else None
    if not columns and tags is None and source is None:
        return None
    return _Change(columns, tags, source)


def _write_one(session: Session, rewrite: Rewrite, change: _Change | None) -> Rewritten:
    """Apply one change in a savepoint of its own: a failure undoes this article only."""
    stored = rewrite.stored
    if change is None:
        return Rewritten(stored.id, False)
    try:
        with session.begin_nested():
            _apply(session, rewrite, change)
    except _Moved:
        why = "updated by another writer since it was read; left as that writer stored it"
        return Rewritten(stored.id, False, refused=why)
    except Exception as exc:
        return Rewritten(stored.id, False, error=exc)
    return Rewritten(stored.id, True)


def _apply(session: Session, rewrite: Rewrite, change: _Change) -> None:
    stored, columns = rewrite.stored, dict(change.columns)
    if "content_hash" in columns:
        columns["previous_hashes"] = [*stored.previous_hashes, stored.content_hash]
    if change.source is not None:
        columns["source_id"] = archive_source(session, change.source.name, change.source.url)
    guarded = (
        update(ArticleRow)
        .where(
            ArticleRow.id == stored.id,
            ArticleRow.content_hash == stored.content_hash,
            ArticleRow.updated_at == stored.written_at,
        )
        .values(**(columns or {"content_hash": ArticleRow.content_hash}))
    )
    if session.execute(guarded).rowcount != 1:
        raise _Moved
    if change.tags is not None:
        session.execute(delete(ArticleTagRow).where(ArticleTagRow.article_id == stored.id))
        insert_tags(session, stored.id, change.tags)
    if rewrite.fingerprint is not None:
        refile_fingerprint(session, stored.id, rewrite.fingerprint, rewrite.band_keys)


def _begin_writing(session: Session) -> None:
    """Take SQLite's write lock now: its driver would otherwise start the transaction
    with the first savepoint, whose release then commits it (a dry run would write),
    and a read before the first write could not be upgraded once another process
    wrote. PostgreSQL's transactions need neither."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def _chosen(source_id: int | None, since: datetime | None) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = true()
    if source_id is not None:
        condition = condition & (ArticleRow.source_id == source_id)
    if since is not None:
        condition = condition & (ArticleRow.first_seen_at >= since)
    return condition


def _tag_rows(tags: list[TagAssignment]) -> list[tuple[str, float, str]]:
    """Tags as ``insert_tags`` writes them: in order, a slug once."""
    unique: dict[str, TagAssignment] = {}
    for tag in tags:
        unique.setdefault(tag.slug, tag)
    return [(tag.slug, tag.score, tag.evidence) for tag in unique.values()]


def _tags_of(session: Session, ids: list[int]) -> dict[int, list[TagAssignment]]:
    query = (
        select(
            ArticleTagRow.article_id,
            TagRow.slug,
            TagRow.display,
            TagRow.kind,
            ArticleTagRow.score,
            ArticleTagRow.evidence,
        )
        .join(TagRow, TagRow.id == ArticleTagRow.tag_id)
        .where(ArticleTagRow.article_id.in_(ids))
        .order_by(ArticleTagRow.article_id, ArticleTagRow.rank)
    )
    found: dict[int, list[TagAssignment]] = {}
    for article_id, slug, display, kind, score, evidence in session.execute(query):
        tag = TagAssignment(slug, display, TagKind(kind), score, evidence)
        found.setdefault(article_id, []).append(tag)
    return found


def _as_stored(row: ArticleRow, tags: list[TagAssignment]) -> ArticleAsStored:
    source = SourceRef(row.source.title, row.source.url) if row.source else SourceRef()
    content = ExtractedArticle(
        url=row.url,
        title=row.title,
        text=row.text,
        html=row.html,
        summary=row.summary,
        author=row.author,
        published=row.published_at,
        image=row.image_url,
        language=row.language,  # the detected language: the best hint left to detect it again
        site_name=row.site_name,
        section=row.publisher_section,
        keywords=list(row.publisher_keywords or []),
        source=source,
        alternate_urls=list(row.alternate_urls or []),
    )
    enrichment = Enrichment(row.language, row.section, row.section_evidence, tags)
    columns = {name: getattr(row, name) for name in _COLUMNS}
    return ArticleAsStored(
        id=row.id,
        article=Article(content, enrichment),
        source_id=row.source_id,
        written_at=row.updated_at,
        placed=Placed(
            row.listed_at,
            row.published_at,
            row.first_seen_at,
            from_archive(row.url, row.source.kind if row.source else None),
        ),
        content_hash=row.content_hash,
        previous_hashes=list(row.previous_hashes or []),
        columns=columns,
    )
