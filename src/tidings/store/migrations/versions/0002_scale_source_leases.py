"""Source leases: which worker fetches a source right now, and until when.

A worker (or the scheduler on its behalf) takes a source with one conditional
UPDATE, so two workers never fetch the same feed at once; a lease that is not
released (a killed worker) simply expires.

Revision ID: scale_source_leases
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "scale_source_leases"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("leased_until", sa.DateTime(timezone=True)))
    op.add_column("sources", sa.Column("lease_owner", sa.String(64)))


def downgrade() -> None:
    """In place on both databases: a batch rebuild of ``sources`` on SQLite would drop
    the table under ``articles.source_id`` (ON DELETE SET NULL) and lose every link."""
    op.execute("ALTER TABLE sources DROP COLUMN lease_owner")
    op.execute("ALTER TABLE sources DROP COLUMN leased_until")
