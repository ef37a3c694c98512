"""followups: group answer deadlines, session space, asking how it went

Each referral to a group gets a deadline for the group's answer (with reminders and the time
it was answered); an organisation may have its own answer time; a session may say how much
space it has; and the person's answers to "Did you go?" and each listing's response figures
get tables of their own.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 16:35:54.487214
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listing_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.Column("usual_answer_working_days", sa.Integer(), nullable=True),
        sa.Column("accepted_in_ten", sa.Integer(), nullable=True),
        sa.Column("worked_out_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_listing_response_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_response")),
        sa.UniqueConstraint("listing_id", name=op.f("uq_listing_response_listing_id")),
    )
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_referral_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("sent_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("answered_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=20), nullable=True),
        sa.Column("contact_due_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_referral_id"],
            ["group_referral.id"],
            name=op.f("fk_follow_up_group_referral_id_group_referral"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_follow_up_referral_id_referral"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("group_referral_id", name=op.f("uq_follow_up_group_referral_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_follow_up_token_hash")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_contact_due_at"), ["contact_due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "follow_up_inbound_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notify_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_follow_up_inbound_text_follow_up_id_follow_up"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_inbound_text")),
        sa.UniqueConstraint("notify_id", name=op.f("uq_follow_up_inbound_text_notify_id")),
    )
    with op.batch_alter_table("group_referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_while_full", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("answer_due_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("halfway_reminder_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("day_reminder_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("halfway_reminded_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("day_reminded_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("chased_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("chases", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("answered_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("first_session_at", portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_group_referral_answer_due_at"), ["answer_due_at"], unique=False)

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_within_working_days", sa.Integer(), nullable=True))

    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.drop_column("capacity")

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("answer_within_working_days")

    with op.batch_alter_table("group_referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_referral_answer_due_at"))
        batch_op.drop_column("first_session_at")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("chases")
        batch_op.drop_column("chased_at")
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("day_reminded_at")
        batch_op.drop_column("halfway_reminded_at")
        batch_op.drop_column("day_reminder_at")
        batch_op.drop_column("halfway_reminder_at")
        batch_op.drop_column("answer_due_at")
        batch_op.drop_column("sent_while_full")

    op.drop_table("follow_up_inbound_text")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_referral_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_contact_due_at"))

    op.drop_table("follow_up")
    op.drop_table("listing_response")
