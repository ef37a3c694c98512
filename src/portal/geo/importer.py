"""Loading postcode centroids from the files that publish them.

Three CSV formats are read, told apart by their first line:

- **ONS Postcode Directory (ONSPD)**, with a header line. Columns read: `pcds` (the postcode
  in its usual form, `pcd` when `pcds` is missing), `lat` and `long` (WGS84 degrees) and
  `doterm` (the month a postcode was withdrawn: withdrawn postcodes are skipped). Postcodes
  without a grid reference (latitude 99.999999) are skipped.
- **OS Code-Point Open**, without a header. Columns by position: 1 Postcode,
  2 Positional_quality_indicator, 3 Eastings, 4 Northings (British National Grid metres,
  converted to WGS84 here); the rest are ignored. Rows with quality 90 (no coordinates) are skipped.
- **Centroids** (what the demo ships), header `postcode,latitude,longitude`: a full postcode,
  or an outward code alone to give that outward code's centroid directly.

An ONSPD or centroids file may also carry the Index of Multiple Deprivation decile of each
postcode's area (a column whose name has "decile" and "imd" or "deprivation" in it, such as
`imd_decile`; 1 is the most deprived tenth): it is stored for the Who we reach report. A file
without such a column leaves the deciles already stored as they were.

After loading, each outward code's centroid is the mean of its postcodes, except where the
file gave the outward code's centroid itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.geo.models import OutwardCode, Postcode
from portal.geo.osgb import grid_to_wgs84
from portal.web.forms import is_full_postcode, is_outward_code, normalise_postcode, outward_code

BATCH = 5000
NO_GRID_REFERENCE = 99.0


@dataclass(frozen=True)
class Centroid:
    code: str  # a full postcode, or an outward code on its own
    latitude: float
    longitude: float
    imd_decile: int | None = None
    carries_imd: bool = False  # the file has a decile column (whether or not this row has a value)


@dataclass
class ImportReport:
    postcodes: int = 0
    outward_codes: int = 0
    skipped: int = 0


def detect_format(first_row: list[str]) -> str:
    names = {cell.strip().lower() for cell in first_row}
    if "pcds" in names or "pcd" in names:
        return "onspd"
    if {"postcode", "latitude", "longitude"} <= names:
        return "centroids"
    if len(first_row) >= 4 and first_row[2].strip().isdigit():
        return "codepoint"
    raise ValueError("not an ONSPD, Code-Point Open or centroids CSV file")


def imd_column(header: list[str]) -> int | None:
    """The column of the deprivation decile, if the file has one."""
    for index, name in enumerate(header):
        words = name.strip().lower()
        if "decile" in words and ("imd" in words or "deprivation" in words):
            return index
    return None


def _decile(row: list[str], column: int | None) -> dict[str, Any]:
    if column is None:
        return {}
    value = row[column].strip() if column < len(row) else ""
    decile = int(value) if value.isdigit() and 1 <= int(value) <= 10 else None
    return {"imd_decile": decile, "carries_imd": True}


def _onspd(rows: Iterator[list[str]], header: list[str]) -> Iterator[Centroid | None]:
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    code_column = columns["pcds"] if "pcds" in columns else columns["pcd"]
    lat_column, lon_column, withdrawn = columns["lat"], columns["long"], columns.get("doterm")
    deprivation = imd_column(header)
    for row in rows:
        if withdrawn is not None and row[withdrawn].strip():
            yield None
            continue
        latitude, longitude = float(row[lat_column] or NO_GRID_REFERENCE), float(row[lon_column] or 0)
        if latitude < NO_GRID_REFERENCE:
            yield Centroid(row[code_column], latitude, longitude, **_decile(row, deprivation))
        else:
            yield None


def _codepoint(rows: Iterator[list[str]]) -> Iterator[Centroid | None]:
    for row in rows:
        if row[1].strip() == "90" or not int(row[2] or 0):
            yield None
            continue
        latitude, longitude = grid_to_wgs84(float(row[2]), float(row[3]))
        yield Centroid(row[0], latitude, longitude)


def _centroids(rows: Iterator[list[str]], header: list[str]) -> Iterator[Centroid | None]:
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    deprivation = imd_column(header)
    for row in rows:
        code, lat, lon = (row[columns[name]] for name in ("postcode", "latitude", "longitude"))
        yield Centroid(code, float(lat), float(lon), **_decile(row, deprivation))


def read_centroids(path: Path) -> Iterator[Centroid | None]:
    """Each row as a centroid, or None for a row that gives no usable place."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        first = next(rows, None)
        if first is None:
            return
        kind = detect_format(first)
        if kind == "onspd":
            yield from _onspd(rows, first)
        elif kind == "centroids":
            yield from _centroids(rows, first)
        else:
            yield from _codepoint(_chain_first(first, rows))


def _chain_first(first: list[str], rows: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rows


def upsert(db: Session, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    if not rows:
        return
    dialect = db.get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    updates = {column: statement.excluded[column] for column in rows[0] if column not in keys}
    db.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def _batches(items: Iterable[Centroid | None], report: ImportReport) -> Iterator[tuple[list[dict[str, Any]], ...]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, BATCH)):
        postcodes, outwards = [], []
        for centroid in chunk:
            code = normalise_postcode(centroid.code) if centroid else ""
            if centroid and is_full_postcode(code):
                postcodes.append(
                    {
                        "postcode": code,
                        "outward_code": outward_code(code),
                        "latitude": centroid.latitude,
                        "longitude": centroid.longitude,
                        **({"imd_decile": centroid.imd_decile} if centroid.carries_imd else {}),
                    }
                )
            elif centroid and is_outward_code(code):
                outwards.append({"code": code, "latitude": centroid.latitude, "longitude": centroid.longitude})
            else:
                report.skipped += 1
        yield postcodes, outwards


def import_centroids(db: Session, centroids: Iterable[Centroid | None]) -> ImportReport:
    report = ImportReport()
    given: list[dict[str, Any]] = []
    for postcodes, outwards in _batches(centroids, report):
        upsert(db, Postcode.__table__, postcodes, ["postcode"])  # type: ignore[arg-type]
        report.postcodes += len(postcodes)
        given += outwards
    refresh_outward_codes(db)
    for row in given:
        row["postcode_count"] = db.scalar(select(func.count()).where(Postcode.outward_code == row["code"])) or 0
    upsert(db, OutwardCode.__table__, given, ["code"])  # type: ignore[arg-type]
    report.outward_codes = db.scalar(select(func.count()).select_from(OutwardCode)) or 0
    db.flush()
    return report


def refresh_outward_codes(db: Session) -> None:
    means = db.execute(
        select(Postcode.outward_code, func.avg(Postcode.latitude), func.avg(Postcode.longitude), func.count()).group_by(
            Postcode.outward_code
        )
    )
    rows = [
        {"code": code, "latitude": float(lat), "longitude": float(lon), "postcode_count": count}
        for code, lat, lon, count in means
    ]
    upsert(db, OutwardCode.__table__, rows, ["code"])  # type: ignore[arg-type]


def import_file(db: Session, path: Path) -> ImportReport:
    return import_centroids(db, read_centroids(path))
