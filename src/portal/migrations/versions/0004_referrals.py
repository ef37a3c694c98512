"""referrals: self-referrals, call back requests and journey drafts

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-21 05:43:47.713470
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("journey", sa.String(length=20), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("spam_signals", sa.JSON(), nullable=False),
        sa.Column("submission_token", sa.String(length=64), nullable=False),
        sa.Column("started_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_draft")),
        sa.UniqueConstraint("submission_token", name=op.f("uq_journey_draft_submission_token")),
        sa.UniqueConstraint("token", "journey", name=op.f("uq_journey_draft_token_journey")),
    )
    with op.batch_alter_table("journey_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journey_draft_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("possible_spam", sa.Boolean(), nullable=False),
        sa.Column("spam_reasons", sa.JSON(), nullable=False),
        sa.Column("submitted_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("submission_token", sa.String(length=64), nullable=False),
        sa.Column("for_someone_else", sa.Boolean(), nullable=False),
        sa.Column("relationship", sa.String(length=100), nullable=True),
        sa.Column("person_agrees", sa.Boolean(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("out_of_area", sa.Boolean(), nullable=False),
        sa.Column("gp_practice_code", sa.String(length=40), nullable=True),
        sa.Column("gp_practice_name", sa.String(length=200), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("what_matters", sa.Text(), nullable=True),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("contact_channel", sa.String(length=10), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("phone_as_typed", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_as_typed", sa.String(length=254), nullable=True),
        sa.Column("best_times", sa.Text(), nullable=True),
        sa.Column("may_leave_voicemail", sa.Boolean(), nullable=False),
        sa.Column("may_send_texts", sa.Boolean(), nullable=False),
        sa.Column("may_send_emails", sa.Boolean(), nullable=False),
        sa.Column("may_send_letters", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("language_other", sa.String(length=100), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("access_needs", sa.Text(), nullable=True),
        sa.Column("consent_to_share", sa.Boolean(), nullable=False),
        sa.Column("consented_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("personal_details_erased_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("reference", name=op.f("uq_referral_reference")),
        sa.UniqueConstraint("submission_token", name=op.f("uq_referral_submission_token")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_interpreter_needed"), ["interpreter_needed"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_outward_code"), ["outward_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_submitted_at"), ["submitted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_urgent"), ["urgent"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_urgent"))
        batch_op.drop_index(batch_op.f("ix_referral_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_referral_status"))
        batch_op.drop_index(batch_op.f("ix_referral_outward_code"))
        batch_op.drop_index(batch_op.f("ix_referral_language"))
        batch_op.drop_index(batch_op.f("ix_referral_kind"))
        batch_op.drop_index(batch_op.f("ix_referral_interpreter_needed"))

    op.drop_table("referral")
    with op.batch_alter_table("journey_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_draft_expires_at"))

    op.drop_table("journey_draft")
