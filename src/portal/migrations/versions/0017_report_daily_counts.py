"""reports: daily counts the reports read, kept by the worker

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 20:45:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

DAY_TABLES: dict[str, list[sa.Column[Any]]] = {
    "report_referral_day": [
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("interpreter", sa.Boolean(), nullable=False),
        sa.Column("unable_to_contact", sa.Boolean(), nullable=False),
    ],
    "report_wait_day": [
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=True),
        sa.Column("within_promise", sa.Boolean(), nullable=False),
    ],
    "report_group_referral_day": [
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
    ],
    "report_event_day": [
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
    ],
    "report_outcome_day": [
        sa.Column("previous_day", sa.Date(), nullable=True),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Integer(), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("improved", sa.Integer(), nullable=False),
    ],
}

# What the counting reads by time, on the tables of other features.
INDEXES = (
    ("ix_referral_updated_at", "referral", "updated_at"),
    ("ix_group_referral_updated_at", "group_referral", "updated_at"),
    ("ix_referral_closed_at", "referral", "closed_at"),
    ("ix_group_referral_created_at", "group_referral", "created_at"),
    ("ix_suggested_listing_suggested_at", "suggested_listing", "suggested_at"),
    ("ix_wellbeing_score_recorded_at", "wellbeing_score", "recorded_at"),
)


def _day_table(name: str, columns: list[sa.Column[Any]]) -> None:
    has_count = name != "report_outcome_day"  # which sums its own figures
    op.create_table(
        name,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("breakdown", sa.String(length=10), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        *([sa.Column("count", sa.Integer(), nullable=False)] if has_count else []),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_day"), name, ["day"])
    op.create_index(f"ix_{name}_breakdown", name, ["breakdown", "team_id", "outward_code", "day"])


def upgrade() -> None:
    for name, columns in DAY_TABLES.items():
        _day_table(name, columns)
    op.create_table(
        "report_search_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("result_band", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_search_day")),
    )
    op.create_index(op.f("ix_report_search_day_day"), "report_search_day", ["day"])
    op.create_table(
        "report_count_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counted_through", sa.Date(), nullable=True),
        sa.Column("checked_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_id", sa.Integer(), nullable=False),
        sa.Column("last_suggestion_id", sa.Integer(), nullable=False),
        sa.Column("last_score_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_count_state")),
    )
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for name in ("report_count_state", "report_search_day", *reversed(DAY_TABLES)):
        op.drop_table(name)
