"""Where a person is searching from: a full postcode, an outward code, or the browser's
location rounded to an outward code. Nothing here ever raises on what a person typed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from math import asin, cos, radians, sin, sqrt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.geo.models import OutwardCode, Postcode
from portal.web.forms import is_full_postcode, is_outward_code, normalise_postcode, outward_code

EARTH_RADIUS_MILES = 3958.8
# A browser location further than this from every outward code centre in the scheme is outside it.
NEAREST_AREA_LIMIT_MILES = 6.0


class Precision(StrEnum):
    POSTCODE = "postcode"
    OUTWARD_CODE = "outward_code"  # the person gave only the first half
    FALLBACK = "fallback"  # a full postcode we do not know, searched from its outward code's centre


class PlaceProblem(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    OUTSIDE_AREA = "outside_area"


@dataclass(frozen=True)
class Place:
    label: str  # what to show: "LS6 1AN" or "LS6"
    outward_code: str
    latitude: float
    longitude: float
    precision: Precision


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * asin(min(1.0, sqrt(a)))


# Built once: every search asks one, and building a statement costs more than running it.
POSTCODE = select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == bindparam("code"))
OUTWARD_CODE = select(OutwardCode.latitude, OutwardCode.longitude).where(OutwardCode.code == bindparam("code"))


def find_place(db: Session, typed: str, scheme_outward_codes: tuple[str, ...] | None) -> Place | PlaceProblem:
    """Where a postcode or outward code is: inside the scheme's outward codes, or anywhere we
    know when they are None."""
    code = normalise_postcode(typed)
    if not (is_full_postcode(code) or is_outward_code(code)):
        return PlaceProblem.MALFORMED
    outward = outward_code(code)
    if scheme_outward_codes is not None and outward not in scheme_outward_codes:
        return PlaceProblem.OUTSIDE_AREA
    connection = db.connection()
    if is_full_postcode(code) and (postcode := connection.execute(POSTCODE, {"code": code}).first()) is not None:
        return Place(code, outward, postcode.latitude, postcode.longitude, Precision.POSTCODE)
    centre = connection.execute(OUTWARD_CODE, {"code": outward}).first()
    if centre is None:
        return PlaceProblem.UNKNOWN
    precision = Precision.FALLBACK if is_full_postcode(code) else Precision.OUTWARD_CODE
    return Place(code, outward, centre.latitude, centre.longitude, precision)


def nearest_outward_code(
    db: Session, latitude: float, longitude: float, scheme_outward_codes: tuple[str, ...]
) -> str | None:
    """The scheme's outward code whose centre is nearest, or None when the point is outside."""
    centres = db.scalars(select(OutwardCode).where(OutwardCode.code.in_(scheme_outward_codes))).all()
    if not centres:
        return None
    nearest = min(centres, key=lambda c: miles_between(latitude, longitude, c.latitude, c.longitude))
    distance = miles_between(latitude, longitude, nearest.latitude, nearest.longitude)
    return nearest.code if distance <= NEAREST_AREA_LIMIT_MILES else None
