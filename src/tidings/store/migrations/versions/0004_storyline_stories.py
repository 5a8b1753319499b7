"""Stories and near-duplicates: the state that online grouping keeps between articles.

``stories`` holds each story's profile (``enrich/stories.py``, a few KB of JSON)
with a ``revision`` that every update compares and bumps, so two writers growing
one story never lose an article's share of it (the loser re-reads and retries).
``story_keys`` files open stories under their candidate keys; ``article_bands``
files articles under their MinHash band keys (``enrich/dedup.py``). A
republished copy is not a row of its own: ``article_copies`` keeps its URL and
source beside the article it repeats.

Revision ID: storyline_stories
Revises: web_tag_time
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "storyline_stories"
down_revision = "web_tag_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("stories"):  # a SQLite downgrade keeps it (see downgrade)
        op.create_table(
            "stories",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("profile", sa.JSON, nullable=False),
            sa.Column("first_seen_at", sa.DateTime(timezone=True)),
            sa.Column("last_seen_at", sa.DateTime(timezone=True), index=True),
            sa.Column("article_count", sa.Integer, nullable=False),
            sa.Column("revision", sa.Integer, nullable=False),
        )
    op.create_table(
        "story_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column(
            "story_id",
            sa.Integer,
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )
    op.create_table(
        "article_bands",
        sa.Column("band_key", sa.String(40), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )
    op.create_table(
        "article_copies",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("articles", sa.Column("fingerprint", sa.LargeBinary))
    if op.get_bind().dialect.name == "postgresql":
        story = sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL"))
        op.add_column("articles", story)
    elif "story_id" not in {column["name"] for column in inspector.get_columns("articles")}:
        # Alembic would rebuild the table (and lose its triggers) for an inline reference.
        op.execute(
            "ALTER TABLE articles ADD COLUMN story_id INTEGER "
            "REFERENCES stories (id) ON DELETE SET NULL"
        )
    op.create_index("ix_articles_story_id", "articles", ["story_id"])


def downgrade() -> None:
    """On SQLite ``articles.story_id`` and ``stories`` stay, emptied: dropping a column
    with a reference means rebuilding ``articles``, which its triggers forbid."""
    op.drop_index("ix_articles_story_id", "articles")
    op.execute("ALTER TABLE articles DROP COLUMN fingerprint")
    for table in ("article_copies", "article_bands", "story_keys"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("articles", "story_id")
        op.drop_table("stories")
    else:
        op.execute("UPDATE articles SET story_id = NULL")
        op.execute("DELETE FROM stories")
