"""reports: gender and ethnic group people chose to give, deprivation deciles of postcodes

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 19:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("ethnic_group", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("deprivation_decile", sa.Integer(), nullable=True))
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imd_decile", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.drop_column("imd_decile")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("deprivation_decile")
        batch_op.drop_column("ethnic_group")
        batch_op.drop_column("gender")
