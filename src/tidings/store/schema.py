"""The tables. Alembic migrations (``store/migrations``) create them; this
module is the reference the queries are written against.

An article is keyed by its canonical URL. Everything about an article lives in
its row (tags in ``article_tags``); the SQLite full-text index is an external-
content FTS5 table over the same row (through the view ``articles_search``,
which reads ``search_title``/``search_text`` where CJK runs were cut into
pairs), kept in step by triggers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which stores naive text) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


MAX_ID = 2**31 - 1  # ids are Integer columns, 32 bits on PostgreSQL: no row has a larger one


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    """A publisher's feed (or an archive's named source) and its health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="feed")  # feed | archive
    title: Mapped[str | None] = mapped_column(String(512))
    # Who named it: True its feed or archive (a crawl may rename it), False the operator
    # (never renamed), None not known (stored before Tidings kept it; see sources.py).
    title_from_feed: Mapped[bool | None] = mapped_column(Boolean)
    site_url: Mapped[str | None] = mapped_column(String(2048))
    category: Mapped[str | None] = mapped_column(String(256))
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    broken: Mapped[bool] = mapped_column(Boolean, default=False)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # see store/leases.py
    lease_owner: Mapped[str | None] = mapped_column(String(64))


class ArticleRow(Base):
    """One article: extracted content, the publisher's metadata and our section."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(512))
    image_url: Mapped[str | None] = mapped_column(String(2048))
    site_name: Mapped[str | None] = mapped_column(String(512))
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Where lists place the article (store/listtime.py; migration undated_order).
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    section: Mapped[str | None] = mapped_column(String(64), index=True)
    section_evidence: Mapped[str | None] = mapped_column(Text)
    publisher_section: Mapped[str | None] = mapped_column(String(256))
    publisher_keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    alternate_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    previous_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)  # enrich/dedup.py
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    # The title and text as the full-text index reads them, CJK runs cut into pairs
    # (store/cjk.py); NULL when the index reads ``title``/``text`` themselves.
    # Written with them, never shown, so not loaded with the row.
    search_title: Mapped[str | None] = mapped_column(Text, deferred=True)
    search_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    source: Mapped[SourceRow | None] = relationship(lazy="joined")


SORT_KEY = ArticleRow.listed_at  # lists are ordered by (SORT_KEY, id), newest first
Index("ix_articles_sort", SORT_KEY.desc(), ArticleRow.id.desc())


class TagRow(Base):
    """A hashtag: its camelCase slug is its identity and its URL."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(128), unique=True)
    display: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))


class ArticleTagRow(Base):
    """A tag on an article, with the score and evidence that earned it."""

    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    # The article's list time, copied by triggers (migration web_tag_time) so a
    # tag's newest articles come straight from the index (tag_id, listed_at).
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    tag: Mapped[TagRow] = relationship(lazy="joined")


class StoryRow(Base):
    """One story: its profile (``enrich/stories.py``) and what its pages show.

    ``revision`` is bumped by every update that grows the story, which only
    succeeds if nobody bumped it since the profile was read (store/stories.py).
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    article_count: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    merged_into: Mapped[int | None] = mapped_column(Integer)  # folded into that older story
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StoryKeyRow(Base):
    """A story filed under one of its candidate keys, for new articles to find it."""

    __tablename__ = "story_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticleBandRow(Base):
    """An article filed under one MinHash band key, for its near-duplicates to find it."""

    __tablename__ = "article_bands"

    band_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticlePrintRow(Base):
    """The article that first claimed a fingerprint: later writers of that text fold into it."""

    __tablename__ = "article_prints"

    print_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class ArticleCopyRow(Base):
    """Another URL (and publisher) of an article: a republication folded into it."""

    __tablename__ = "article_copies"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())

    source: Mapped[SourceRow | None] = relationship(lazy="joined")
