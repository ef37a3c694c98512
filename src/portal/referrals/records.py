"""From the answers a person gave to the record the triage queue works from: typed columns for
what it filters and sorts on, normalised contact details beside what was typed, and the answers
exactly as sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from portal.config import SchemeSettings
from portal.practices.queries import practice_by_code
from portal.referrals import choices
from portal.referrals.journeys import Answers, date_of_birth, interpreter_needed, outside_area, someone_else
from portal.referrals.models import ContactChannel, GpRegistration, JourneyDraft, Referral, ReferralKind
from portal.web.forms import normalise_email, normalise_phone, normalise_postcode, outward_code


def _or_none(value: Any) -> Any:
    return value if value not in (None, "", []) else None


def _gp_practice(answers: Answers) -> dict[str, Any]:
    """The practice's ODS code and its name as it was, or neither: not everyone knows theirs."""
    answer = _or_none(answers.get("gp_practice"))
    if answer in (None, choices.DO_NOT_KNOW, choices.NOT_REGISTERED):
        registration = None if answer is None else GpRegistration(answer)
        return {"gp_registration": registration, "gp_practice_code": None, "gp_practice_name": None}
    practice = practice_by_code(str(answer))
    return {
        "gp_registration": GpRegistration.REGISTERED,
        "gp_practice_code": practice.ods_code if practice else str(answer)[:40],
        "gp_practice_name": practice.name if practice else None,
    }


def _contact(answers: Answers) -> dict[str, Any]:
    channel = ContactChannel(answers.get("contact_channel") or ContactChannel.PHONE)
    typed_phone = _or_none(answers.get("mobile") if channel == ContactChannel.SMS else answers.get("phone"))
    typed_email = _or_none(answers.get("email")) if channel == ContactChannel.EMAIL else None
    return {
        "contact_channel": channel,
        "phone": normalise_phone(typed_phone) or None if typed_phone else None,
        "phone_as_typed": typed_phone,
        "email": normalise_email(typed_email) or None if typed_email else None,
        "email_as_typed": typed_email,
    }


def _safety(answers: Answers) -> dict[str, bool]:
    safe = answers.get("safe_messages") or []
    return {
        "may_leave_voicemail": answers.get("voicemail") == "yes",
        "may_send_texts": "sms" in safe,
        "may_send_emails": "email" in safe,
        "may_send_letters": "letter" in safe,
    }


def _where(answers: Answers, scheme: SchemeSettings) -> dict[str, Any]:
    postcode = normalise_postcode(answers["postcode"]) if answers.get("postcode") else None
    return {
        "postcode": postcode,
        "outward_code": outward_code(postcode) if postcode else None,
        "out_of_area": outside_area(answers, scheme),
        **_gp_practice(answers),
    }


def build_referral(
    kind: ReferralKind, draft: JourneyDraft, scheme: SchemeSettings, locale: str, now: datetime
) -> Referral:
    answers = draft.answers
    for_someone_else = someone_else(answers)
    return Referral(
        kind=kind,
        submitted_at=now,
        source="web",
        locale=locale,
        submission_token=draft.submission_token,
        for_someone_else=for_someone_else,
        relationship=_or_none(answers.get("relationship")) if for_someone_else else None,
        person_agrees=answers.get("person_agrees") == "yes" if for_someone_else else None,
        full_name=_or_none(answers.get("full_name")),
        date_of_birth=date_of_birth(answers) if kind == ReferralKind.SELF_REFERRAL else None,
        needs=[need for need in answers.get("needs") or [] if need in {choice.value for choice in choices.NEEDS}],
        what_matters=_or_none(answers.get("what_matters")),
        about=_or_none(answers.get("about")),
        best_times=_or_none(answers.get("best_times")),
        language=answers.get("language") or "en",
        language_other=_or_none(answers.get("language_other")),
        interpreter_needed=interpreter_needed(answers),
        access_needs=_or_none(answers.get("access_needs")),
        urgent=answers.get("urgent") == "yes",
        consent_to_share="yes" in (answers.get("consent") or []),
        consented_at=now if "yes" in (answers.get("consent") or []) else None,
        answers=dict(answers),
        **_where(answers, scheme),
        **_contact(answers),
        **_safety(answers),
    )
