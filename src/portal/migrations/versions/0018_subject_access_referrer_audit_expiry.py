"""data protection: the referrer of a case (for the message back); expired audit events may go

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 19:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# The audit log stays append-only, but for one exception: `flask retention run` deletes the
# events older than the audit retention. It names the moment before which events have expired
# in a transaction-local setting; the trigger lets a row go only if it is older than that, and
# never one younger than two years (the shortest audit retention the settings allow), whoever
# sets it. Changing a row is refused as before.
EXPIRED_BEFORE = "portal.audit_expired_before"
POSTGRES_EXPIRED_MAY_GO = f"""
    CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
    DECLARE
        expired_before timestamptz := NULLIF(current_setting('{EXPIRED_BEFORE}', true), '')::timestamptz;
    BEGIN
        IF TG_OP = 'DELETE' AND expired_before IS NOT NULL
           AND expired_before <= now() - interval '2 years' AND OLD.occurred_at < expired_before THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only';
    END;
    $$ LANGUAGE plpgsql
"""
POSTGRES_APPEND_ONLY = """
    CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the audit log is append-only';
    END;
    $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "case_referrer",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("changed_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["user_account.id"], name=op.f("fk_case_referrer_changed_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_case_referrer_referral_id_referral")),
        sa.PrimaryKeyConstraint("referral_id", name=op.f("pk_case_referrer")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_EXPIRED_MAY_GO)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_APPEND_ONLY)
    op.drop_table("case_referrer")
