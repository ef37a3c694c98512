"""directory: categories managed by coordinators

The categories move from code into the database, seeded with the shipped ones (their bits
are their old positions, so the search index stays valid and nothing needs reindexing).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 08:31:47.301205
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db
from portal.directory.category_seed import seed_categories

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "category_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category_version")),
    )
    op.create_table(
        "category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("bit", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("changed_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("bit >= 0 AND bit < 63", name=op.f("ck_category_bit_in_range")),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_category_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("bit", name=op.f("uq_category_bit")),
        sa.UniqueConstraint("code", name=op.f("uq_category_code")),
    )
    op.create_table(
        "category_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("synonyms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_category_text_category_id_category"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category_text")),
        sa.UniqueConstraint("category_id", "locale", name=op.f("uq_category_text_category_id_locale")),
    )
    seed_categories(op.get_bind())


def downgrade() -> None:
    op.drop_table("category_text")
    op.drop_table("category")
    op.drop_table("category_version")
