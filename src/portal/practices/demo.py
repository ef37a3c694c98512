"""Demonstration practices: invented Leeds practices in the NHS's epraccur layout, loaded by
the same importer a scheme uses, with invented secure addresses."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.practices.importer import read_file
from portal.practices.models import GpPractice
from portal.practices.services import import_practices, set_secure_email

DATA = Path(__file__).resolve().parent / "data"
DEMO_PRACTICES = DATA / "demo-epraccur.csv"
DEMO_SECURE_EMAILS = DATA / "demo-practice-emails.csv"


def load_demo(db: Session) -> list[str]:
    if db.scalar(select(func.count()).select_from(GpPractice)):
        return []
    report = import_practices(db, read_file(DEMO_PRACTICES))
    with DEMO_SECURE_EMAILS.open(encoding="utf-8", newline="") as lines:
        addresses = {row["ods_code"]: row["secure_email"] for row in csv.DictReader(lines)}
    for practice in db.scalars(select(GpPractice).where(GpPractice.ods_code.in_(addresses))):
        set_secure_email(practice, addresses[practice.ods_code])
    return [f"GP practices: {report.added} demo practices"]
