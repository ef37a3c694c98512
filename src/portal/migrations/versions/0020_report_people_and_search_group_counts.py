"""reports: daily counts of needs, who we reach, follow-up answers and searches alike

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_person_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("breakdown", sa.String(length=10), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_person_day")),
    )
    op.create_index(op.f("ix_report_person_day_day"), "report_person_day", ["day"])
    op.create_index(
        "ix_report_person_day_breakdown", "report_person_day", ["breakdown", "team_id", "outward_code", "day"]
    )
    op.create_table(
        "report_follow_up_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("breakdown", sa.String(length=10), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("answered_by", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_follow_up_day")),
    )
    op.create_index(op.f("ix_report_follow_up_day_day"), "report_follow_up_day", ["day"])
    op.create_index(
        "ix_report_follow_up_day_breakdown", "report_follow_up_day", ["breakdown", "team_id", "outward_code", "day"]
    )
    op.create_index("ix_follow_up_sent_at", "follow_up", ["sent_at"])
    op.create_index("ix_follow_up_answered_at", "follow_up", ["answered_at"])
    op.create_table(
        "report_search_group_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("area", sa.String(length=4), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("found_little", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_search_group_day")),
    )
    op.create_index(op.f("ix_report_search_group_day_day"), "report_search_group_day", ["day"])
    op.create_index("ix_report_search_group_day_area", "report_search_group_day", ["area", "day"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_answered_at", table_name="follow_up")
    op.drop_index("ix_follow_up_sent_at", table_name="follow_up")
    op.drop_table("report_follow_up_day")
    op.drop_table("report_search_group_day")
    op.drop_table("report_person_day")
