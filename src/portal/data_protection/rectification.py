"""Correcting a person's details at their request (the right to rectification).

The audit event names the details corrected, never their old or new values: the audit log is
kept longer than the referral, and a wrong value kept there would outlive its correction.
What was sent to an old address or number stays in the outbox's own record until its period
is over, which is what a question about a message needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.accounts.audit.record import record_event
from portal.referrals.models import Referral
from portal.web.forms import normalise_email, normalise_phone, normalise_postcode, outward_code


@dataclass(frozen=True)
class PersonDetails:
    full_name: str
    date_of_birth: date | None
    postcode: str
    phone: str
    email: str

    @classmethod
    def of(cls, referral: Referral) -> PersonDetails:
        return cls(
            referral.full_name or "",
            referral.date_of_birth,
            referral.postcode or "",
            referral.phone_as_typed or "",
            referral.email_as_typed or "",
        )


def correct_details(referral: Referral, corrected: PersonDetails) -> list[str]:
    """Sets the corrected details; the names of those that changed (audited)."""
    before = PersonDetails.of(referral)
    postcode = normalise_postcode(corrected.postcode) if corrected.postcode else ""
    after = PersonDetails(corrected.full_name, corrected.date_of_birth, postcode, corrected.phone, corrected.email)
    changed = [name for name in PersonDetails.__dataclass_fields__ if getattr(before, name) != getattr(after, name)]
    if not changed:
        return []
    referral.full_name, referral.date_of_birth = after.full_name, after.date_of_birth
    referral.postcode, referral.outward_code = postcode or None, outward_code(postcode) if postcode else None
    referral.phone, referral.phone_as_typed = normalise_phone(after.phone) or None, after.phone or None
    referral.email, referral.email_as_typed = normalise_email(after.email) or None, after.email or None
    referral.version += 1
    record_event("data_protection.details_corrected", "referral", referral.reference, {"corrected": changed})
    return changed
