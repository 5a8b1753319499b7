"""Time-ordered indexes for the narrowed lists (section, source, language).

A section or source page at a million articles must not sort a whole section:
each index hands its newest rows in list order, as ``ix_articles_sort`` does
for the home page.

Revision ID: web_list_indexes
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_list_indexes"
down_revision = "scale_postgres_search"
branch_labels = None
depends_on = None

LIST_ORDER = [sa.text("coalesce(published_at, first_seen_at) DESC"), sa.text("id DESC")]
NARROWED_BY = ("section", "source_id", "language")


def upgrade() -> None:
    for column in NARROWED_BY:
        op.create_index(f"ix_articles_{column}_sort", "articles", [column, *LIST_ORDER])


def downgrade() -> None:
    for column in NARROWED_BY:
        op.drop_index(f"ix_articles_{column}_sort", "articles")
