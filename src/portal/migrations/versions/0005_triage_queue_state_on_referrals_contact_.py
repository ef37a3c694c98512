"""triage: queue state on referrals, contact attempts, case notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 06:45:09.177821
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("safeguarding", sa.Boolean(), nullable=False),
        sa.Column("escalated_to", sa.String(length=200), nullable=True),
        sa.Column("escalated_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], name=op.f("fk_case_note_author_id_user_account")),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_case_note_referral_id_referral")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
    )
    with op.batch_alter_table("case_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_note_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "contact_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["user_account.id"], name=op.f("fk_contact_attempt_made_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_contact_attempt_referral_id_referral")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempt")),
    )
    with op.batch_alter_table("contact_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_attempt_referral_id"), ["referral_id"], unique=False)

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("due_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("paused_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("safeguarding", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("next_review_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closing_reason", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("closed_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_index(batch_op.f("ix_referral_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(
            "ix_referral_open_queue",
            ["urgent", "due_at"],
            unique=False,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_referral_holder_id_user_account"), "user_account", ["holder_id"], ["id"]
        )
    # Referrals sent before the queue existed are due when they arrived: they sort first.
    op.execute("UPDATE referral SET due_at = submitted_at WHERE due_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referral_holder_id_user_account"), type_="foreignkey")
        batch_op.drop_index(
            "ix_referral_open_queue",
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.drop_index(batch_op.f("ix_referral_holder_id"))
        batch_op.drop_column("version")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("closing_reason")
        batch_op.drop_column("next_review_on")
        batch_op.drop_column("safeguarding")
        batch_op.drop_column("paused_at")
        batch_op.drop_column("due_at")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("holder_id")

    with op.batch_alter_table("contact_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_attempt_referral_id"))

    op.drop_table("contact_attempt")
    with op.batch_alter_table("case_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_note_referral_id"))

    op.drop_table("case_note")
