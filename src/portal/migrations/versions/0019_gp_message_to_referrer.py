"""gp record: whether a GP message was also emailed to the referrer, when, and their organisation

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gp_message") as batch:
        batch.add_column(sa.Column("referrer_emailed_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("referrer_organisation", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gp_message") as batch:
        batch.drop_column("referrer_organisation")
        batch.drop_column("referrer_emailed_at")
