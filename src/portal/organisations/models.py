from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, Timestamped


class OrganisationStatus(StrEnum):
    PENDING = "pending"  # asked to join; waits for a coordinator
    APPROVED = "approved"
    DECLINED = "declined"


class Organisation(Timestamped, Base):
    """Open Referral UK `organization`: field names follow the standard where they can.
    `uuid`, `source` and `source_id` as on `Listing`."""

    __tablename__ = "organisation"
    __table_args__ = (Index("ix_organisation_source_record", "source", "source_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True, index=True, nullable=True)
    source: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str | None] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    charity_number: Mapped[str | None] = mapped_column(String(20))
    company_number: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[OrganisationStatus] = mapped_column(String(10), default=OrganisationStatus.APPROVED)
    # Trusted organisations' edits publish at once (and still appear in the moderation log).
    trusted: Mapped[bool] = mapped_column(default=False)
    # How many working days its groups have to answer a referral; None: the scheme's setting.
    answer_within_working_days: Mapped[int | None]
