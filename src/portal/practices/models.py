"""The GP practices people are registered with, as the NHS's Organisation Data Service lists them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, Timestamped


class PracticeStatus(StrEnum):
    """epraccur's status codes: A, C, D and P."""

    ACTIVE = "active"
    CLOSED = "closed"
    DORMANT = "dormant"
    PROPOSED = "proposed"


class GpPractice(Timestamped, Base):
    __tablename__ = "gp_practice"
    # The journey's list: the active practices of the scheme's outward codes.
    __table_args__ = (Index("ix_gp_practice_status_area", "status", "outward_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ods_code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    postcode: Mapped[str | None] = mapped_column(String(10))
    outward_code: Mapped[str | None] = mapped_column(String(4))
    phone: Mapped[str | None] = mapped_column(String(40))
    # Not in epraccur: the scheme adds it (`flask practices set-email`), for messages to the GP.
    secure_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[PracticeStatus] = mapped_column(String(10), default=PracticeStatus.ACTIVE)
