"""Sources know who named them: their feed, or the operator.

A source without an operator's title was called by its feed's title as declared
("NYT > World News", "Asia"); it is now called by the publisher's name in it
("NYT", "economist.com": ``ingest/publisher.py``), taken again at every crawl or
import of the feed. A title the operator gave (``sources add --title``, OPML,
the web form) is never changed, so the store keeps which is which in
``sources.title_from_feed``.

Existing rows get what can be known: an archive's source was always named by its
archive, and a source without a title will be named by its feed. A subscribed
source with a title may have been named by either; it stays NULL until its next
successful crawl, which takes a title equal to the feed's own as the feed's
(``store/sources.py``). No title is rewritten here: the better name needs the
feed, which the next crawl or import reads.

Revision ID: source_named_by
Revises: indic_search
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "source_named_by"
down_revision = "indic_search"
branch_labels = None
depends_on = None

SOURCES = sa.table(
    "sources", sa.column("kind"), sa.column("title"), sa.column("title_from_feed", sa.Boolean)
)


def upgrade() -> None:
    op.add_column("sources", sa.Column("title_from_feed", sa.Boolean()))
    named_by_feed = sa.or_(SOURCES.c.kind == "archive", SOURCES.c.title.is_(None))
    op.execute(SOURCES.update().where(named_by_feed).values(title_from_feed=True))


def downgrade() -> None:
    """In place on both databases: a batch rebuild of ``sources`` on SQLite would drop
    the table under ``articles.source_id`` (ON DELETE SET NULL) and lose every link."""
    op.execute("ALTER TABLE sources DROP COLUMN title_from_feed")
