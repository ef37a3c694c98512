"""organisations: joining, revisions, checks, problems, group referrals

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-21 06:44:18.436654
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("preferred_contact", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("consent_recorded_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("status_changed_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_group_referral_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_group_referral_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_group_referral_referral_id_referral"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"],
            ["user_account.id"],
            name=op.f("fk_group_referral_referred_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_referral")),
    )
    with op.batch_alter_table("group_referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_referral_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_referral_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "listing_check_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("checked_since", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_listing_check_link_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_check_link")),
    )
    with op.batch_alter_table("listing_check_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_check_link_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "listing_problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=254), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_listing_problem_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user_account.id"],
            name=op.f("fk_listing_problem_resolved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_problem")),
    )
    with op.batch_alter_table("listing_problem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_problem_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "listing_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("restored_from_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_listing_revision_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_listing_revision_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_listing_revision_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_listing_revision_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["restored_from_id"],
            ["listing_revision.id"],
            name=op.f("fk_listing_revision_restored_from_id_listing_revision"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_revision")),
    )
    with op.batch_alter_table("listing_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_revision_listing_id"), ["listing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listing_revision_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listing_revision_state"), ["state"], unique=False)

    op.create_table(
        "organisation_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("registered_number", sa.String(length=20), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("what_they_do", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_organisation_request_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_request_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_request")),
    )
    with op.batch_alter_table("organisation_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_request_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_request_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("organisation_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_request_state"))
        batch_op.drop_index(batch_op.f("ix_organisation_request_organisation_id"))

    op.drop_table("organisation_request")
    with op.batch_alter_table("listing_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_revision_state"))
        batch_op.drop_index(batch_op.f("ix_listing_revision_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_listing_revision_listing_id"))

    op.drop_table("listing_revision")
    with op.batch_alter_table("listing_problem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_problem_listing_id"))

    op.drop_table("listing_problem")
    with op.batch_alter_table("listing_check_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_check_link_listing_id"))

    op.drop_table("listing_check_link")
    with op.batch_alter_table("group_referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_referral_referral_id"))
        batch_op.drop_index(batch_op.f("ix_group_referral_organisation_id"))

    op.drop_table("group_referral")
