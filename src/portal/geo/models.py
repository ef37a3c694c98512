from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Postcode(Base):
    """The centroid of one full postcode, as ONSPD or Code-Point Open gives it."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # normalised: "LS6 1AN"
    outward_code: Mapped[str] = mapped_column(String(4), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    # The Index of Multiple Deprivation decile of its area (1: most deprived), where the file gave one.
    imd_decile: Mapped[int | None]


class OutwardCode(Base):
    """The mean of its postcodes' centroids, so "LS6" alone or an unknown LS6 postcode still
    gives a place to search from."""

    __tablename__ = "outward_code"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    postcode_count: Mapped[int] = mapped_column(default=0)
