"""Lists order by a stored ``articles.listed_at``, so undated archive pages stop leading.

Lists were ordered by ``coalesce(published_at, first_seen_at)``: an undated page
of an archive imported today was "first seen" today and led the home, tag,
section and edition lists above the day's dated news. The list time is now
decided when an article is written (``store/listtime.py``): its publication
date; else, fetched live, when Tidings first saw it; else the archive's own date
for the page; else ``UNDATED`` (1800-01-01), after every dated article.

Existing rows get what can be known honestly: ``coalesce(published_at,
first_seen_at)`` as before, except undated rows that certainly came from an
archive (an archive source, a ``urn:tidings:`` record, a ``file:`` page), whose
first sight was the import. Their archive's date was never kept, so they become
``UNDATED``; ingesting the archive again gives them its date.

The column is NOT NULL with ``UNDATED`` as its default: a writer that does not say
when an article is listed lists it after the dated news, never above it. The
expression indexes become column indexes of the same names, and the triggers of
``web_tag_time`` copy the column into ``article_tags.listed_at``.

Cost: the backfill rewrites every article row once (on PostgreSQL that
recomputes each row's generated ``search_vector`` too).

Revision ID: undated_order
Revises: cjk_search
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "undated_order"
down_revision = "cjk_search"
branch_labels = None
depends_on = None

NARROWED_BY = ("section", "source_id", "language")  # as in web_list_indexes
OLD_ORDER = [sa.text("coalesce(published_at, first_seen_at) DESC"), sa.text("id DESC")]
NEW_ORDER = [sa.text("listed_at DESC"), sa.text("id DESC")]
# store/listtime.UNDATED, frozen here; SQLite keeps datetimes as this text.
UNDATED = {"sqlite": "'1800-01-01 00:00:00.000000'", "postgresql": "'1800-01-01 00:00:00+00'"}
FROM_AN_ARCHIVE = """(
    EXISTS (SELECT 1 FROM sources WHERE sources.id = articles.source_id
            AND sources.kind = 'archive')
    OR articles.url LIKE 'urn:tidings:%' OR articles.url LIKE 'file:%')"""

SQLITE_TRIGGERS = [
    """CREATE TRIGGER article_tags_time_insert AFTER INSERT ON article_tags BEGIN
        UPDATE article_tags SET listed_at = (
            SELECT listed_at FROM articles WHERE id = NEW.article_id)
        WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
    END""",
    """CREATE TRIGGER articles_time_update AFTER UPDATE OF listed_at ON articles BEGIN
        UPDATE article_tags SET listed_at = NEW.listed_at WHERE article_id = NEW.id;
    END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION tidings_link_time() RETURNS trigger AS $$ BEGIN
        NEW.listed_at := (SELECT listed_at FROM articles WHERE id = NEW.article_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER article_tags_time BEFORE INSERT ON article_tags
        FOR EACH ROW EXECUTE FUNCTION tidings_link_time()""",
    """CREATE FUNCTION tidings_article_time() RETURNS trigger AS $$ BEGIN
        UPDATE article_tags SET listed_at = NEW.listed_at WHERE article_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_time AFTER UPDATE OF listed_at ON articles
        FOR EACH ROW EXECUTE FUNCTION tidings_article_time()""",
]
# The triggers of web_tag_time, for the downgrade.
OLD_SQLITE_TRIGGERS = [
    """CREATE TRIGGER article_tags_time_insert AFTER INSERT ON article_tags BEGIN
        UPDATE article_tags SET listed_at = (
            SELECT coalesce(published_at, first_seen_at) FROM articles WHERE id = NEW.article_id)
        WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
    END""",
    """CREATE TRIGGER articles_time_update AFTER UPDATE OF published_at, first_seen_at
    ON articles BEGIN
        UPDATE article_tags SET listed_at = coalesce(NEW.published_at, NEW.first_seen_at)
        WHERE article_id = NEW.id;
    END""",
]
OLD_POSTGRES_TRIGGERS = [
    """CREATE FUNCTION tidings_link_time() RETURNS trigger AS $$ BEGIN
        NEW.listed_at := (SELECT coalesce(published_at, first_seen_at)
                          FROM articles WHERE id = NEW.article_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER article_tags_time BEFORE INSERT ON article_tags
        FOR EACH ROW EXECUTE FUNCTION tidings_link_time()""",
    """CREATE FUNCTION tidings_article_time() RETURNS trigger AS $$ BEGIN
        UPDATE article_tags SET listed_at = coalesce(NEW.published_at, NEW.first_seen_at)
        WHERE article_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_time AFTER UPDATE OF published_at, first_seen_at ON articles
        FOR EACH ROW EXECUTE FUNCTION tidings_article_time()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    _drop_indexes()
    undated = UNDATED[dialect]
    op.add_column(
        "articles",
        sa.Column(
            "listed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text(undated),
        ),
    )
    op.execute(
        "UPDATE articles SET listed_at = coalesce(published_at, first_seen_at)"
        f" WHERE published_at IS NOT NULL OR NOT {FROM_AN_ARCHIVE}"
    )
    # Only the rows just made UNDATED changed their list time: their tag links follow.
    op.execute(
        f"UPDATE article_tags SET listed_at = {undated} WHERE article_id IN"
        f" (SELECT id FROM articles WHERE listed_at = {undated})"
    )
    _create_indexes(NEW_ORDER)
    for statement in POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    _drop_indexes()
    op.execute("ALTER TABLE articles DROP COLUMN listed_at")  # no batch: see storyline_stories
    op.execute(
        "UPDATE article_tags SET listed_at = (SELECT coalesce(published_at, first_seen_at)"
        " FROM articles WHERE articles.id = article_tags.article_id)"
    )
    _create_indexes(OLD_ORDER)
    for statement in OLD_POSTGRES_TRIGGERS if dialect == "postgresql" else OLD_SQLITE_TRIGGERS:
        op.execute(statement)


def _drop_triggers(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS articles_time ON articles")
        op.execute("DROP TRIGGER IF EXISTS article_tags_time ON article_tags")
        op.execute("DROP FUNCTION IF EXISTS tidings_article_time()")
        op.execute("DROP FUNCTION IF EXISTS tidings_link_time()")
    else:
        op.execute("DROP TRIGGER IF EXISTS articles_time_update")
        op.execute("DROP TRIGGER IF EXISTS article_tags_time_insert")


def _drop_indexes() -> None:
    op.drop_index("ix_articles_sort", "articles")
    for column in NARROWED_BY:
        op.drop_index(f"ix_articles_{column}_sort", "articles")


def _create_indexes(order: list[sa.TextClause]) -> None:
    op.create_index("ix_articles_sort", "articles", order)
    for column in NARROWED_BY:
        op.create_index(f"ix_articles_{column}_sort", "articles", [column, *order])
