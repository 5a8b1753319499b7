"""Story merges and exact-copy claims.

``stories.merged_into`` (with ``merged_at``) records that a story was folded into
an older one when an article showed both were one event; its page redirects
there. ``article_prints`` holds one row per MinHash fingerprint: the first writer
of a text claims it, so two workers saving the same copy at the same instant
cannot both keep it as an article (store/stories.py).

Revision ID: stories_merges
Revises: storyline_stories
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "stories_merges"
down_revision = "storyline_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("merged_into", sa.Integer))
    op.add_column("stories", sa.Column("merged_at", sa.DateTime(timezone=True)))
    op.create_table(
        "article_prints",
        sa.Column("print_key", sa.String(64), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
    )


def downgrade() -> None:
    """In place on both databases: a batch rebuild of ``stories`` on SQLite would drop
    the table under ``articles.story_id`` (ON DELETE SET NULL) and lose every link."""
    op.drop_table("article_prints")
    op.execute("ALTER TABLE stories DROP COLUMN merged_at")
    op.execute("ALTER TABLE stories DROP COLUMN merged_into")
