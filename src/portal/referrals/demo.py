"""Demonstration referrals and call back requests, so the triage queue has something to show."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.referrals.models import ContactChannel, Referral, ReferralKind
from portal.referrals.references import ALPHABET

# Invented people (phone numbers from Ofcom's drama ranges, example.com emails).
PEOPLE: list[dict[str, Any]] = [
    {"full_name": "Amira Hussain", "kind": ReferralKind.SELF_REFERRAL, "needs": ["lonely", "mental_wellbeing"],
     "outward_code": "LS8", "postcode": "LS8 3QB", "language": "ur", "interpreter_needed": True, "urgent": False,
     "contact_channel": ContactChannel.SMS, "phone": "+447700900111", "hours_ago": 2},
    {"full_name": "Gareth Price", "kind": ReferralKind.SELF_REFERRAL, "needs": ["money", "housing"],
     "outward_code": "LS11", "postcode": "LS11 5TT", "language": "en", "interpreter_needed": False, "urgent": True,
     "contact_channel": ContactChannel.PHONE, "phone": "+441134960222", "hours_ago": 5},
    {"full_name": "Jan Kowalski", "kind": ReferralKind.CALLBACK, "needs": [], "outward_code": None, "postcode": None,
     "language": "other", "language_other": "Polish", "interpreter_needed": True, "urgent": False,
     "contact_channel": ContactChannel.PHONE, "phone": "+447700900333", "hours_ago": 20},
    {"full_name": "Margaret Ellis", "kind": ReferralKind.SELF_REFERRAL, "needs": ["caring", "lonely"],
     "outward_code": "LS16", "postcode": "LS16 7RA", "language": "en", "interpreter_needed": False, "urgent": False,
     "contact_channel": ContactChannel.EMAIL, "email": "margaret.ellis@example.com", "hours_ago": 30,
     "for_someone_else": True, "relationship": "Her daughter", "person_agrees": True},
    {"full_name": "Dafydd Morgan", "kind": ReferralKind.SELF_REFERRAL,
     "needs": ["getting_active", "long_term_condition"], "outward_code": "LS6", "postcode": "LS6 1AN",
     "language": "cy", "interpreter_needed": False, "urgent": False,
     "contact_channel": ContactChannel.PHONE, "phone": "+441134960444", "hours_ago": 50},
    {"full_name": "Sam Okafor", "kind": ReferralKind.CALLBACK, "needs": [], "outward_code": None, "postcode": None,
     "language": "bsl", "interpreter_needed": True, "urgent": False, "contact_channel": ContactChannel.PHONE,
     "phone": "+447700900555", "hours_ago": 70},
]  # fmt: skip


def _referral(number: int, person: dict[str, Any]) -> Referral:
    submitted = utcnow() - timedelta(hours=person.pop("hours_ago"))
    return Referral(
        reference=f"DEMX{ALPHABET[number]}{ALPHABET[number + 5]}AC",
        submission_token=f"demo-referral-{number}",
        submitted_at=submitted,
        locale=person["language"] if person["language"] in ("en", "cy", "ur") else "en",
        date_of_birth=date(1950 + 7 * number, number, 10 + number)
        if person["kind"] == ReferralKind.SELF_REFERRAL
        else None,
        phone_as_typed=person.get("phone"),
        email_as_typed=person.get("email"),
        may_leave_voicemail=True,
        may_send_texts=person["contact_channel"] == ContactChannel.SMS,
        consent_to_share=True,
        consented_at=submitted,
        answers={"demo": True},
        **person,
    )


def load_demo(db: Session) -> list[str]:
    existing = set(db.scalars(select(Referral.submission_token).where(Referral.submission_token.like("demo-%"))))
    added = 0
    for number, person in enumerate(PEOPLE, start=1):
        if f"demo-referral-{number}" not in existing:
            db.add(_referral(number, dict(person)))
            added += 1
    return [f"Referrals: {added} demo referrals and call back requests added ({len(PEOPLE)} in all)."]
