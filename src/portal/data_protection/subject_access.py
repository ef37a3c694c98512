"""Subject access: every record about a person, found by what they tell us, read through every
record source (`registry`), so a feature's new kind of record joins the export without this
module changing.

A person is found by name and date of birth together (a name alone matches strangers), or by a
phone number, an email address, an NHS number or a reference. Each search and each export is
audited by what it was looked up as and the references found, never by the words typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from portal.accounts.audit.record import record_event
from portal.data_protection.registry import RecordSource, Row, Words, in_words, record_sources
from portal.db import session
from portal.gp_record.models import CaseIdentity
from portal.referrals.models import Referral
from portal.web.forms import clean_text, normalise_email, normalise_phone

LIMIT = 100


@dataclass(frozen=True)
class PersonQuery:
    full_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    nhs_number: str = ""
    reference: str = ""

    def conditions(self) -> dict[str, ColumnElement[bool]]:
        """What each given detail is looked up as, and how."""
        found: dict[str, ColumnElement[bool]] = {}
        name = " ".join(clean_text(self.full_name).split()).lower()
        if name and self.date_of_birth:
            found["name_and_date_of_birth"] = (func.lower(Referral.full_name) == name) & (
                Referral.date_of_birth == self.date_of_birth
            )
        if phone := normalise_phone(self.phone) if self.phone else "":
            found["phone"] = Referral.phone == phone
        if email := normalise_email(self.email) if self.email else "":
            found["email"] = func.lower(Referral.email) == email.lower()
        if nhs_number := re.sub(r"\D", "", self.nhs_number):
            found["nhs_number"] = Referral.id.in_(
                select(CaseIdentity.referral_id).where(CaseIdentity.nhs_number == nhs_number)
            )
        if reference := re.sub(r"[\s-]", "", self.reference).upper():
            found["reference"] = Referral.reference == reference
        return found


def find(query: PersonQuery, audited: bool = True) -> list[Referral]:
    """Every referral matching any detail given, oldest first; the search is audited (an
    export repeats its search unaudited: each referral exported is audited instead)."""
    conditions = query.conditions()
    referrals: list[Referral] = []
    if conditions:
        found = select(Referral).where(or_(*conditions.values())).order_by(Referral.submitted_at, Referral.id)
        referrals = list(session.scalars(found.limit(LIMIT)))
    if not audited:
        return referrals
    record_event(
        "data_protection.subject_access_searched",
        detail={"by": list(conditions), "found": len(referrals), "references": [r.reference for r in referrals]},
    )
    return referrals


@dataclass(frozen=True)
class SourceRecords:
    name: str
    title: Any
    labels: dict[str, Any]
    rows: list[Row]
    words: dict[str, Words]

    def shown(self, row: Row, name: str) -> Any:
        """A field of a row in words, for the readable copy (the JSON export keeps the codes)."""
        return in_words(row[name], self.words.get(name), row)


@dataclass(frozen=True)
class ReferralRecords:
    reference: str
    sources: list[SourceRecords]


def _records(source: RecordSource, referral: Referral) -> SourceRecords:
    rows = source.rows(session, referral) if source.rows is not None else []
    return SourceRecords(source.name, source.title, dict(source.labels), rows, dict(source.words))


def records_of(referrals: Sequence[Referral], export_format: str) -> list[ReferralRecords]:
    """What every source holds about each referral; the export is audited."""
    sources = [source for source in record_sources() if source.rows is not None]
    records = [
        ReferralRecords(referral.reference, [_records(source, referral) for source in sources])
        for referral in referrals
    ]
    for referral in referrals:
        record_event(
            "data_protection.subject_access_exported", "referral", referral.reference, {"format": export_format}
        )
    return records


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not exported")


def as_json(records: Sequence[ReferralRecords], scheme: str, made_at: datetime) -> str:
    exported = {
        "scheme": scheme,
        "made_at": made_at,
        "referrals": [
            {"reference": referral.reference, **{source.name: source.rows for source in referral.sources}}
            for referral in records
        ],
    }
    return json.dumps(exported, default=_iso, ensure_ascii=False, indent=2)
