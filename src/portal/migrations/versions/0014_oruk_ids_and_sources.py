"""oruk: stable UUIDs for listings, organisations and places, the source of imported records

Every listing, organisation and place gets the UUID the Open Referral UK API publishes it
under (a place's is its `service_at_location` id), kept for good; imported ones name their
source directory and its id for them, and a listing a coordinator took over says when.
`last_checked_at` is indexed for the API's counts.

Columns are only ever added here (SQLite adds them in place): rebuilding `listing` on SQLite
would cascade-delete its places and sessions. The UUID columns are therefore nullable; the
upgrade fills in every existing row and the models give every new row one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 09:12:05.118204
"""

from __future__ import annotations

from uuid import uuid4

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

WITH_UUIDS = ("organisation", "listing", "location")
WITH_SOURCES = ("organisation", "listing")


def upgrade() -> None:
    for table in WITH_UUIDS:
        op.add_column(table, sa.Column("uuid", sa.Uuid(), nullable=True))
        _fill_uuids(table)
        op.create_index(op.f(f"ix_{table}_uuid"), table, ["uuid"], unique=True)
    for table in WITH_SOURCES:
        op.add_column(table, sa.Column("source", sa.String(length=300), nullable=True))
        op.add_column(table, sa.Column("source_id", sa.String(length=200), nullable=True))
        op.create_index(f"ix_{table}_source_record", table, ["source", "source_id"], unique=True)
    op.add_column("listing", sa.Column("taken_over_at", portal.db.UTCDateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_listing_last_checked_at"), "listing", ["last_checked_at"], unique=False)


def _fill_uuids(table: str) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer()), sa.column("uuid", sa.Uuid()))
    connection = op.get_bind()
    ids = [row_id for (row_id,) in connection.execute(sa.select(rows.c.id))]
    for row_id in ids:
        connection.execute(sa.update(rows).where(rows.c.id == row_id).values(uuid=uuid4()))


def downgrade() -> None:
    op.drop_index(op.f("ix_listing_last_checked_at"), table_name="listing")
    op.drop_column("listing", "taken_over_at")
    for table in WITH_SOURCES:
        op.drop_index(f"ix_{table}_source_record", table_name=table)
        op.drop_column(table, "source_id")
        op.drop_column(table, "source")
    for table in WITH_UUIDS:
        op.drop_index(op.f(f"ix_{table}_uuid"), table_name=table)
        op.drop_column(table, "uuid")
