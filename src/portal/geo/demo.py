"""The Leeds centroids the demonstration data and the tests need (no network to fetch ONSPD)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.geo.importer import import_file
from portal.geo.models import Postcode

SHIPPED_CENTROIDS = Path(__file__).resolve().parent / "data" / "leeds_postcodes.csv"


def load_demo(db: Session) -> list[str]:
    if db.scalar(select(func.count()).select_from(Postcode).where(Postcode.outward_code.like("LS%"))):
        return []
    report = import_file(db, SHIPPED_CENTROIDS)
    return [f"Postcodes: {report.postcodes} Leeds postcodes and {report.outward_codes} outward codes"]
