"""triage: assessment, wellbeing plan, ONS4 scores, suggested listings

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-21 07:03:59.801415
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            "ix_referral_open_holder",
            ["holder_id", "urgent", "due_at"],
            unique=False,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column("barriers", sa.JSON(), nullable=False),
        sa.Column("barriers_detail", sa.Text(), nullable=True),
        sa.Column("existing_support", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_assessment_referral_id_referral")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name=op.f("fk_assessment_updated_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_assessment_referral_id")),
    )
    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("by_when", sa.Date(), nullable=True),
        sa.Column("added_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["user_account.id"], name=op.f("fk_plan_action_added_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_plan_action_referral_id_referral")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_action_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "suggested_listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("suggested_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_by", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_suggested_listing_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_suggested_listing_referral_id_referral")
        ),
        sa.ForeignKeyConstraint(
            ["suggested_by_id"], ["user_account.id"], name=op.f("fk_suggested_listing_suggested_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggested_listing")),
        sa.UniqueConstraint("referral_id", "listing_id", name=op.f("uq_suggested_listing_referral_id_listing_id")),
    )
    with op.batch_alter_table("suggested_listing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggested_listing_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "wellbeing_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_wellbeing_plan_referral_id_referral")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name=op.f("fk_wellbeing_plan_updated_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_plan")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_wellbeing_plan_referral_id")),
    )
    op.create_table(
        "wellbeing_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("recorded_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user_account.id"], name=op.f("fk_wellbeing_score_recorded_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f("fk_wellbeing_score_referral_id_referral")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_score")),
        sa.UniqueConstraint(
            "referral_id", "stage", "question", name=op.f("uq_wellbeing_score_referral_id_stage_question")
        ),
    )
    with op.batch_alter_table("wellbeing_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wellbeing_score_referral_id"), ["referral_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_open_holder")

    with op.batch_alter_table("wellbeing_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wellbeing_score_referral_id"))

    op.drop_table("wellbeing_score")
    op.drop_table("wellbeing_plan")
    with op.batch_alter_table("suggested_listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggested_listing_referral_id"))

    op.drop_table("suggested_listing")
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_referral_id"))

    op.drop_table("plan_action")
    op.drop_table("assessment")
