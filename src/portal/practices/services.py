"""Changes to the practice list: loading the NHS's file, and each practice's secure address."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.practices.importer import PracticeRow
from portal.practices.models import GpPractice
from portal.web.forms import normalise_email, outward_code


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0


def import_practices(db: Session, rows: Iterable[PracticeRow | None]) -> ImportReport:
    """Adds new practices and updates known ones by ODS code. A practice's secure address is
    the scheme's own, so a new file never removes it; practices the file no longer lists stay
    (the NHS marks a closed practice closed rather than dropping it)."""
    report = ImportReport()
    known = {practice.ods_code: practice for practice in db.scalars(select(GpPractice))}
    for row in rows:
        if row is None:
            report.skipped += 1
            continue
        practice = known.get(row.ods_code)
        if practice is None:
            practice = known[row.ods_code] = GpPractice(ods_code=row.ods_code)
            db.add(practice)
            report.added += 1
        else:
            report.updated += 1
        practice.name, practice.address_lines, practice.phone = row.name, row.address_lines, row.phone
        practice.postcode, practice.status = row.postcode, row.status
        practice.outward_code = outward_code(row.postcode) if row.postcode else None
    db.flush()
    return report


class NotAnEmailAddress(ValueError):
    pass


def set_secure_email(practice: GpPractice, address: str | None) -> None:
    """An empty address removes it."""
    if not address:
        practice.secure_email = None
        return
    normalised = normalise_email(address)
    if not normalised:
        raise NotAnEmailAddress(address)
    practice.secure_email = normalised
