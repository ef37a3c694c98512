from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, Timestamped


class OrganisationStatus(StrEnum):
    PENDING = "pending"  # asked to join; waits for a coordinator
    APPROVED = "approved"
    DECLINED = "declined"


class Organisation(Timestamped, Base):
    """Open Referral UK `organization`: field names follow the standard where they can."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
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
