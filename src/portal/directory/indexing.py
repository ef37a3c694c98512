"""Keeps the search index in step with a listing: the filter bits and grid cells
(`SearchEntry`), the text document, and SQLite's FTS5 table (PostgreSQL indexes the document
itself with a GIN index on its tsvector; see migration 0003)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app, has_app_context
from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.directory import vocabulary as v
from portal.directory.categories import Vocabulary, current_categories
from portal.directory.changes import listings_changed
from portal.directory.grid import cell_for
from portal.directory.models import Listing, ListingStatus, SearchEntry
from portal.directory.schedules import day_mask

FTS_TABLE = "listing_fts"


def search_document(listing: Listing, vocabulary: Vocabulary) -> str:
    categories = [vocabulary.label(code, "en") for code in listing.categories if code in vocabulary.by_code]
    translated = [f"{t.name} {t.summary}" for t in listing.translations]
    organisation = listing.organisation.name if listing.organisation else ""
    parts = [listing.name, listing.summary, listing.description, organisation, *categories, *translated]
    return "\n".join(part for part in parts if part)


def is_searchable(listing: Listing) -> bool:
    return listing.status == ListingStatus.ACTIVE and not _unchecked_too_long(listing)


def _unchecked_too_long(listing: Listing) -> bool:
    cutoff = hidden_before(utcnow())
    return cutoff is not None and listing.last_checked_at <= cutoff


def hidden_before(now: datetime) -> datetime | None:
    """Listings nobody has confirmed for ORGS_HIDE_AFTER_MONTHS (set by the organisations
    feature) are hidden, last checked at or before this time, until someone says they are
    still correct; None when nothing is hidden for that."""
    months = int(current_app.config.get("ORGS_HIDE_AFTER_MONTHS") or 0) if has_app_context() else 0
    return now - timedelta(days=30 * months) if months > 0 else None


def entry_rows(listing: Listing, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """The index rows for a listing: one per located place, or one without a place for a
    listing delivered online or by phone only. Retired categories keep their bits, so a
    category brought back is found again without reindexing."""
    if not is_searchable(listing):
        return []
    common = {
        "listing_id": listing.id,
        "category_mask": vocabulary.mask(listing.categories),
        "audience_mask": v.mask(listing.audiences, v.AUDIENCES),
        "access_mask": v.mask(listing.accessibility, v.ACCESS_FEATURES),
        "language_mask": v.mask(listing.languages, v.LANGUAGE_CODES),
        "delivery_mask": v.mask(listing.attending_type, v.DELIVERY),
        "day_mask": day_mask(listing.schedules),
        "is_free": listing.is_free,
        "drop_in": listing.attending_access == "drop_in",
    }
    places = [loc for loc in listing.locations if loc.latitude is not None and loc.longitude is not None]
    if places and "in_person" in listing.attending_type:
        return [
            {**common, "grid_cell": cell_for(p.latitude, p.longitude), "latitude": p.latitude, "longitude": p.longitude}
            for p in places
            if p.latitude is not None and p.longitude is not None
        ]
    if {"online", "phone"} & set(listing.attending_type):
        return [{**common, "grid_cell": None, "latitude": None, "longitude": None}]
    return []


def refresh(db: Session, listing: Listing) -> None:
    """Call after any change to a published listing (the service layer does)."""
    db.flush()
    vocabulary = current_categories(db)
    listing.search_document = search_document(listing, vocabulary)
    db.execute(delete(SearchEntry).where(SearchEntry.listing_id == listing.id))
    rows = entry_rows(listing, vocabulary)
    if rows:
        db.execute(insert(cast(Table, SearchEntry.__table__)), rows)
    db.flush()
    sync_text_index(db, [listing.id])
    listings_changed(db)  # search pages kept in memory are not served again


def refresh_documents(db: Session, category_bit: int, vocabulary: Vocabulary) -> int:
    """After a category's English name changed: the text of every searchable listing filed
    under it, so its new name finds them. Returns how many listings changed."""
    found = select(SearchEntry.listing_id).where(SearchEntry.category_mask.op("&")(1 << category_bit) != 0)
    listings = list(db.scalars(select(Listing).where(Listing.id.in_(found))))
    for listing in listings:
        listing.search_document = search_document(listing, vocabulary)
    db.flush()
    sync_text_index(db, [listing.id for listing in listings])
    return len(listings)


def uses_fts5(db: Session) -> bool:
    return db.get_bind().dialect.name == "sqlite"


def sync_text_index(db: Session, listing_ids: list[int]) -> None:
    """SQLite only: copy the listings' documents into the FTS5 table (PostgreSQL reads the
    column through its expression index)."""
    if not uses_fts5(db) or not listing_ids:
        return
    for start in range(0, len(listing_ids), 500):
        chunk = listing_ids[start : start + 500]
        marks = ", ".join(str(int(listing_id)) for listing_id in chunk)
        db.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})"))  # noqa: S608 (ints only)
        db.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (rowid, search_document) "  # noqa: S608 (ints only)
                f"SELECT id, search_document FROM listing WHERE id IN ({marks}) AND status = 'active'"
            )
        )


def sync_text_index_from(db: Session, first_id: int) -> None:
    """Bulk loads: index every listing from `first_id` on in one statement."""
    listings_changed(db)
    if uses_fts5(db):
        db.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (rowid, search_document) "  # noqa: S608 (constant table name)
                "SELECT id, search_document FROM listing WHERE id >= :first AND status = 'active'"
            ),
            {"first": first_id},
        )
