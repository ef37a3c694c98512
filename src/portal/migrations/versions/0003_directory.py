"""directory: listings, postcodes and the search index

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-21 05:42:46.637739
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Text search lives outside the models (tests/test_migrations.py and env.py skip these names
# through `portal.migrate.include_object`). SQLite: an FTS5 table the service layer fills, and a
# trigger so deleted listings leave it. PostgreSQL: a GIN index on the document's tsvector; the
# expression must match `directory.search._text_match` exactly for the planner to use it.
SQLITE_TEXT_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS listing_fts "
    "USING fts5(search_document, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS listing_fts_forget AFTER DELETE ON listing "
    "BEGIN DELETE FROM listing_fts WHERE rowid = old.id; END",
)
POSTGRES_TEXT_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_listing_search_document_fts "
    "ON listing USING gin (to_tsvector('simple', search_document))",
)


def create_text_index() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_TEXT_INDEX if sqlite else POSTGRES_TEXT_INDEX:
        op.execute(statement)


def drop_text_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS listing_fts_forget")
        op.execute("DROP TABLE IF EXISTS listing_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_listing_search_document_fts")


def upgrade() -> None:
    op.create_table(
        "outward_code",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.Column("postcode_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_outward_code")),
    )
    op.create_table(
        "postcode",
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("outward_code", sa.String(length=4), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("postcode", name=op.f("pk_postcode")),
    )
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_postcode_outward_code"), ["outward_code"], unique=False)

    op.create_table(
        "search_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("place_outcome", sa.String(length=20), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_record")),
    )
    with op.batch_alter_table("search_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_record_created_at"), ["created_at"], unique=False)

    op.create_table(
        "listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("audiences", sa.JSON(), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("is_free", sa.Boolean(), nullable=False),
        sa.Column("fees_description", sa.String(length=300), nullable=False),
        sa.Column("attending_access", sa.String(length=20), nullable=False),
        sa.Column("attending_type", sa.JSON(), nullable=False),
        sa.Column("accessibility", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("capacity", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_message", sa.String(length=300), nullable=False),
        sa.Column("last_checked_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("search_document", sa.Text(), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_listing_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing")),
    )
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "listing_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_listing_translation_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_translation")),
        sa.UniqueConstraint("listing_id", "locale", name=op.f("uq_listing_translation_listing_id_locale")),
    )
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address_1", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=8), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_location_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
    )
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_location_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("grid_cell", sa.BigInteger(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("category_mask", sa.BigInteger(), nullable=False),
        sa.Column("audience_mask", sa.BigInteger(), nullable=False),
        sa.Column("access_mask", sa.BigInteger(), nullable=False),
        sa.Column("language_mask", sa.BigInteger(), nullable=False),
        sa.Column("delivery_mask", sa.BigInteger(), nullable=False),
        sa.Column("day_mask", sa.Integer(), nullable=False),
        sa.Column("is_free", sa.Boolean(), nullable=False),
        sa.Column("drop_in", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_search_entry_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_search_entry_covering",
            ["grid_cell", "category_mask", "day_mask", "is_free", "drop_in", "delivery_mask", "access_mask",
             "language_mask", "audience_mask", "latitude", "longitude", "listing_id"],
            unique=False,
        )  # fmt: skip
        batch_op.create_index(batch_op.f("ix_search_entry_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("freq", sa.String(length=10), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("byday", sa.String(length=40), nullable=False),
        sa.Column("dtstart", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_schedule_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_schedule_location_id_location"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule")),
    )
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_listing_id"), ["listing_id"], unique=False)

    create_text_index()


def downgrade() -> None:
    drop_text_index()
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_listing_id"))

    op.drop_table("schedule")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_entry_listing_id"))
        batch_op.drop_index("ix_search_entry_covering")

    op.drop_table("search_entry")
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_listing_id"))

    op.drop_table("location")
    op.drop_table("listing_translation")
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_organisation_id"))

    op.drop_table("listing")
    with op.batch_alter_table("search_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_record_created_at"))

    op.drop_table("search_record")
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postcode_outward_code"))

    op.drop_table("postcode")
    op.drop_table("outward_code")
