"""triage: a covering index for the queue's counts per status and its areas

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 08:41:45.408657
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = sa.text("status <> 'closed'")


def upgrade() -> None:
    op.create_index(
        "ix_referral_open_status_area",
        "referral",
        ["status", "outward_code"],
        unique=False,
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_referral_open_status_area", table_name="referral")
