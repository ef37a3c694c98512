"""The directory, shaped after Open Referral UK v3 so an ORUK API and import map one to one.

ORUK `service` is our `Listing`; `location` (with its `physical_address` folded in),
`schedule` and the service's `languages`, `cost_options`, `contacts` and taxonomy terms follow
their ORUK names where the meaning is the same:

- `attending_type` (ORUK UK): how it is delivered: in_person, online, phone.
- `attending_access` (ORUK UK): how to join: drop_in, book_first (appointment), referral.
- `fees_description` and `is_free`: ORUK `cost_options` reduced to what people ask.
- `last_checked_at`: ORUK `assured_date`; reminders ("still correct?") key off it.
- `categories`: codes of `Category` rows (see `categories.py`), exported as ORUK taxonomy terms.

The public sees the fields stored here: the published version. Later, organisations' edits
wait in a revisions table as snapshots (`snapshots.listing_to_dict`) until approved.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, Timestamped, utcnow
from portal.organisations.models import Organisation


class ListingStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # e.g. over the summer: shown with its message, not in search
    CLOSED = "closed"


class ScheduleKind(StrEnum):
    RECURRING = "recurring"  # freq/interval/byday, like iCalendar RRULE (ORUK schedule)
    BY_APPOINTMENT = "by_appointment"
    ANY_TIME = "any_time"  # online or phone, whenever a person needs it


class Listing(Timestamped, Base):
    """ORUK `service`.

    `uuid` is its ORUK id, kept for good. `source` and `source_id` name the directory and the
    record a listing was imported from (`portal.api`); such a listing belongs to that source
    until a coordinator takes it over (`taken_over_at`), and later imports leave it alone."""

    __tablename__ = "listing"
    __table_args__ = (Index("ix_listing_source_record", "source", "source_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Nullable only because SQLite cannot add a NOT NULL column without rebuilding the table;
    # every row has one (migration 0010 filled them in, new rows get one here).
    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True, index=True, nullable=True)
    source: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str | None] = mapped_column(String(200))
    taken_over_at: Mapped[datetime | None]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: everyone
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    is_free: Mapped[bool] = mapped_column(default=True)
    fees_description: Mapped[str] = mapped_column(String(300), default="")  # price and concessions
    attending_access: Mapped[str] = mapped_column(String(20), default="drop_in")
    attending_type: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[str] = mapped_column(String(20), default="open")
    status: Mapped[ListingStatus] = mapped_column(String(10), default=ListingStatus.ACTIVE)
    status_message: Mapped[str] = mapped_column(String(300), default="")  # ORUK `alert`
    # Indexed: the public API counts the listings checked recently enough to be shown.
    last_checked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Derived by `indexing.refresh`: every word a search should find this listing by.
    search_document: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    locations: Mapped[list[Location]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", order_by="Location.id"
    )
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan", order_by="Schedule.id")
    translations: Mapped[list[ListingTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="ListingTranslation.locale"
    )

    def translated(self, field: str, locale: str) -> tuple[str, str]:
        """(text, its language): the organisation's translation when there is one, else English."""
        if locale == "en":
            return str(getattr(self, field)), "en"
        for translation in self.translations:
            if translation.locale == locale and getattr(translation, field):
                return str(getattr(translation, field)), locale
        return str(getattr(self, field)), "en"


class Location(Base):
    """ORUK `location` with its `physical_address`. `uuid` is the place's ORUK
    `service_at_location` id; snapshots carry it, so it survives edits and restores."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True, index=True, nullable=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address_1: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    listing: Mapped[Listing] = relationship(back_populates="locations")

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.name, self.address_1, self.city, self.postal_code) if part)


class Schedule(Base):
    """ORUK `schedule`: a recurring session (RRULE-like), or by appointment, or any time."""

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"))
    kind: Mapped[ScheduleKind] = mapped_column(String(20), default=ScheduleKind.RECURRING)
    freq: Mapped[str | None] = mapped_column(String(10))  # WEEKLY or MONTHLY
    interval: Mapped[int] = mapped_column(default=1)  # 2 with WEEKLY: fortnightly
    byday: Mapped[str] = mapped_column(String(40), default="")  # "TU", "MO,TH", "2TU", "-1FR"
    dtstart: Mapped[date | None]  # the first session: anchors fortnightly weeks
    until: Mapped[date | None]
    opens_at: Mapped[time | None]
    closes_at: Mapped[time | None]
    description: Mapped[str] = mapped_column(String(200), default="")
    # This session's space (`vocabulary.CAPACITY`); None: as the listing says.
    capacity: Mapped[str | None] = mapped_column(String(20))

    location: Mapped[Location | None] = relationship()


class ListingTranslation(Base):
    """An organisation's own translation of a listing's name and summary."""

    __tablename__ = "listing_translation"
    __table_args__ = (UniqueConstraint("listing_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(String(300), default="")


class SearchEntry(Base):
    """The search index, derived from a listing by `indexing.refresh`: one row per place it
    meets (grid cell and coordinates), or one row without a place for online and phone
    services, with every filter as bits so candidates are filtered inside the database."""

    __tablename__ = "search_entry"
    # Covers every column a search reads, so SQLite answers from the index alone.
    __table_args__ = (
        Index(
            "ix_search_entry_covering",
            "grid_cell",
            "category_mask",
            "day_mask",
            "is_free",
            "drop_in",
            "delivery_mask",
            "access_mask",
            "language_mask",
            "audience_mask",
            "latitude",
            "longitude",
            "listing_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    grid_cell: Mapped[int | None] = mapped_column(BigInteger)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    category_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    audience_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    access_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    language_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    delivery_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    day_mask: Mapped[int] = mapped_column(default=0)  # Monday is bit 0
    is_free: Mapped[bool] = mapped_column(default=False)
    drop_in: Mapped[bool] = mapped_column(default=False)


class SearchRecord(Base):
    """One search, for the unmet-need reports: never the text typed, never a full postcode.
    `known_words` are the words typed that are in a vocabulary of our own making (at most 3,
    `search_words`); `other_words` says some other word was typed, which is not kept."""

    __tablename__ = "search_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    outward_code: Mapped[str | None] = mapped_column(String(4))
    place_outcome: Mapped[str] = mapped_column(String(20))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result_count: Mapped[int]
    locale: Mapped[str] = mapped_column(String(10))
    known_words: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    other_words: Mapped[bool] = mapped_column(default=False, server_default=false())


MAX_CATEGORY_BITS = 63  # `SearchEntry.category_mask` is a signed 64-bit integer


class Category(Base):
    """A kind of activity listings are filed under. Seeded from `vocabulary.SHIPPED_CATEGORIES`
    by migration 0009; coordinators rename, add, retire and restore them. `bit` is its position
    in `SearchEntry.category_mask`: given once and never reused, so a retired category stays on
    the listings that have it and comes back as it was when restored."""

    __tablename__ = "category"
    __table_args__ = (CheckConstraint(f"bit >= 0 AND bit < {MAX_CATEGORY_BITS}", name="bit_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # stored on listings and in spreadsheets
    bit: Mapped[int] = mapped_column(unique=True)
    retired: Mapped[bool] = mapped_column(default=False)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)  # suggested when a search finds nothing
    sort_order: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime | None]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    texts: Mapped[list[CategoryText]] = relationship(
        cascade="all, delete-orphan", order_by="CategoryText.locale", lazy="selectin"
    )


class CategoryText(Base):
    """A category's name and plain-word synonyms (comma-separated) in one language. English
    always has a row; another language has one only where a coordinator changed something, and
    an empty field there means the translation shipped in the catalogues."""

    __tablename__ = "category_text"
    __table_args__ = (UniqueConstraint("category_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(100), default="")
    synonyms: Mapped[str] = mapped_column(Text, default="")


class CategoryVersion(Base):
    """One row, bumped with every change to the categories: each app server compares it with
    the version it holds every few seconds (`categories.CHECK_SECONDS`) and reloads on a change."""

    __tablename__ = "category_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
