"""directory: a search record keeps the words typed that are in our own vocabulary, never others

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 23:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Constant defaults: no rewrite of a large table on PostgreSQL 11+ or SQLite.
    with op.batch_alter_table("search_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("known_words", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("other_words", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("search_record", schema=None) as batch_op:
        batch_op.drop_column("other_words")
        batch_op.drop_column("known_words")
