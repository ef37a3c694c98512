"""The message back to the GP and the referrer, following the content of the PRSB Social
Prescribing Information Standard: who the person is and their practice, the referral, needs,
the support offered and its outcomes, the ONS4 change, and the link worker.

With "codes only" consent everything narrative is cut: the GP gets who the person is (to file
it), the practice, the referral date and the coded events, and nothing about needs, groups or
scores. Content is kept as plain data (codes and keys, not translated words) so the message as
sent can be shown again and rendered in the GP record's language.
"""

from __future__ import annotations

from typing import Any

from portal.accounts.models import User
from portal.gp_record import queries
from portal.gp_record.models import GpSharing
from portal.referrals.models import Referral
from portal.triage.models import Ons4Question, WellbeingStage

# What "codes only" leaves out: everything narrative about the person's support.
NARRATIVE = ("needs", "what_matters", "groups", "ons4", "closing_reason")


def codes_only(content: dict[str, Any]) -> dict[str, Any]:
    """The content cut as "codes only" consent would have built it."""
    cut = {key: value for key, value in content.items() if key not in NARRATIVE}
    return {**cut, "sharing": str(GpSharing.CODES_ONLY)}


def ons4_change(scores: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Each question's first score and the latest since (follow-up, then close)."""
    first = scores.get(str(WellbeingStage.BASELINE), {})
    later = scores.get(str(WellbeingStage.CLOSE)) or scores.get(str(WellbeingStage.FOLLOW_UP)) or {}
    return [
        {"question": str(question), "before": first[question], "after": later[question]}
        for question in Ons4Question
        if question in first and question in later
    ]


def _person(referral: Referral) -> dict[str, Any]:
    identity = queries.identity_of(referral.id)
    return {
        "name": referral.full_name,
        "date_of_birth": referral.date_of_birth.isoformat() if referral.date_of_birth else None,
        "nhs_number": identity.nhs_number if identity else None,
        "postcode": referral.postcode,
    }


def _practice(referral: Referral) -> dict[str, Any]:
    practice = queries.practice(referral.gp_practice_code)
    return {
        "ods_code": referral.gp_practice_code,
        "name": practice.name if practice else referral.gp_practice_name,
    }


def message_content(referral: Referral, sharing: GpSharing, link_worker: User) -> dict[str, Any]:
    content: dict[str, Any] = {
        "reference": referral.reference,
        "sharing": str(sharing),
        "person": _person(referral),
        "practice": _practice(referral),
        "referral": {"received_on": referral.submitted_at.date().isoformat(), "source": referral.source},
        "codes": [
            {"code": coded.code, "term": coded.clinical_code.term, "date": coded.recorded_at.date().isoformat()}
            for coded in queries.coded_events_of(referral.id)
        ],
        "link_worker": {"name": link_worker.name, "email": link_worker.email},
    }
    if sharing == GpSharing.FULL:
        content.update(
            needs=list(referral.needs or []),
            what_matters=referral.what_matters,
            groups=[{"name": name, "outcome": outcome} for name, outcome in queries.group_referrals_of(referral.id)],
            ons4=ons4_change(queries.ons4_scores(referral.id)),
            closing_reason=referral.closing_reason,
        )
    return content
