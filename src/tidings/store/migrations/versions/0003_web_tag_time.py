"""Each tag link carries its article's list time, indexed per tag.

"Latest news with #tag" at a million articles: with only (tag_id) indexed, a
big tag's page sorts all of its articles; walking the time index instead is
slow for a small tag. With (tag_id, listed_at, article_id) both are one index
range. Triggers keep the copy in step whoever writes (ORM, bulk SQL, workers).

Revision ID: web_tag_time
Revises: web_list_indexes
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_tag_time"
down_revision = "web_list_indexes"
branch_labels = None
depends_on = None

INDEX_COLUMNS = ["tag_id", sa.text("listed_at DESC"), sa.text("article_id DESC")]

SQLITE_TRIGGERS = [
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
POSTGRES_TRIGGERS = [
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
    op.add_column("article_tags", sa.Column("listed_at", sa.DateTime(timezone=True)))
    op.execute(
        """UPDATE article_tags SET listed_at = (
            SELECT coalesce(published_at, first_seen_at) FROM articles
            WHERE articles.id = article_tags.article_id)"""
    )
    op.create_index("ix_article_tags_tag_time", "article_tags", INDEX_COLUMNS)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS articles_time ON articles")
        op.execute("DROP TRIGGER IF EXISTS article_tags_time ON article_tags")
        op.execute("DROP FUNCTION IF EXISTS tidings_article_time()")
        op.execute("DROP FUNCTION IF EXISTS tidings_link_time()")
    else:
        op.execute("DROP TRIGGER IF EXISTS articles_time_update")
        op.execute("DROP TRIGGER IF EXISTS article_tags_time_insert")
    op.drop_index("ix_article_tags_tag_time", "article_tags")
    op.drop_column("article_tags", "listed_at")
