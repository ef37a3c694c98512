"""teams: GP practices, teams and their members, routing rules, transfers; each referral's team

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 17:40:59.555127
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gp_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ods_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address_lines", sa.JSON(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("secure_email", sa.String(length=254), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gp_practice")),
        sa.UniqueConstraint("ods_code", name=op.f("uq_gp_practice_ods_code")),
    )
    with op.batch_alter_table("gp_practice", schema=None) as batch_op:
        batch_op.create_index("ix_gp_practice_status_area", ["status", "outward_code"], unique=False)

    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("practice_codes", sa.JSON(), nullable=False),
        sa.Column("outward_codes", sa.JSON(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("first_contact_working_days", sa.Integer(), nullable=False),
        sa.Column("urgent_inbox", sa.String(length=254), nullable=True),
        sa.Column("transfers_restart_promise", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("name", name=op.f("uq_team_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_team_slug")),
    )
    op.create_table(
        "routing_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("need", sa.String(length=40), nullable=True),
        sa.Column("care_role", sa.String(length=40), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_routing_rule_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rule")),
    )
    with op.batch_alter_table("routing_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_rule_team_id"), ["team_id"], unique=False)

    op.create_table(
        "team_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("care_role", sa.String(length=40), nullable=False),
        sa.Column("added_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_membership_team_id_team"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_team_membership_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_membership")),
        sa.UniqueConstraint("team_id", "user_id", name=op.f("uq_team_membership_team_id_user_id")),
    )
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "referral_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("from_team_id", sa.Integer(), nullable=True),
        sa.Column("to_team_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("transferred_by_id", sa.Integer(), nullable=True),
        sa.Column("transferred_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at_before", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at_after", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_team_id"], ["team.id"], name=op.f("fk_referral_transfer_from_team_id_team"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_referral_transfer_referral_id_referral"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["to_team_id"], ["team.id"], name=op.f("fk_referral_transfer_to_team_id_team"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["transferred_by_id"],
            ["user_account.id"],
            name=op.f("fk_referral_transfer_transferred_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_transfer")),
    )
    with op.batch_alter_table("referral_transfer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_transfer_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index("ix_referral_transfer_to_team", ["to_team_id", "id"], unique=False)

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gp_registration", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("care_role", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("routing_rule_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("routed_by", sa.JSON(), nullable=True))
        batch_op.create_index(
            "ix_referral_open_team_queue",
            ["team_id", "urgent", "due_at"],
            unique=False,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.create_index(
            "ix_referral_open_team_status_area",
            ["team_id", "status", "outward_code"],
            unique=False,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_referral_routing_rule_id_routing_rule"),
            "routing_rule",
            ["routing_rule_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(batch_op.f("fk_referral_team_id_team"), "team", ["team_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referral_team_id_team"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_referral_routing_rule_id_routing_rule"), type_="foreignkey")
        batch_op.drop_index(
            "ix_referral_open_team_status_area",
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.drop_index(
            "ix_referral_open_team_queue",
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.drop_column("routed_by")
        batch_op.drop_column("routing_rule_id")
        batch_op.drop_column("care_role")
        batch_op.drop_column("team_id")
        batch_op.drop_column("gp_registration")

    with op.batch_alter_table("referral_transfer", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_transfer_to_team")
        batch_op.drop_index(batch_op.f("ix_referral_transfer_referral_id"))

    op.drop_table("referral_transfer")
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_membership_user_id"))

    op.drop_table("team_membership")
    with op.batch_alter_table("routing_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_rule_team_id"))

    op.drop_table("routing_rule")
    op.drop_table("team")
    with op.batch_alter_table("gp_practice", schema=None) as batch_op:
        batch_op.drop_index("ix_gp_practice_status_area")

    op.drop_table("gp_practice")
