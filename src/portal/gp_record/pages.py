"""The GP record section of the case page, shaped for its template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.gp_record import queries
from portal.gp_record.models import (
    AskedHow,
    CaseIdentity,
    CaseReferrer,
    CodedEvent,
    GpConsent,
    GpMessage,
    GpSharing,
    MessageRoute,
    MessageStatus,
)
from portal.gp_record.secure_email import is_secure_address
from portal.i18n import _l
from portal.organisations.wording import state_label
from portal.referrals.choices import NEEDS, label_of
from portal.referrals.models import Referral
from portal.triage.forms import CLOSING_REASONS
from portal.triage.what_matters_forms import SHORT_QUESTIONS

SHARING = {
    str(GpSharing.FULL): _l("Full details"),
    str(GpSharing.CODES_ONLY): _l("Codes only"),
    str(GpSharing.NOTHING): _l("Nothing"),
}
ASKED_HOW = {str(AskedHow.PHONE): _l("By phone"), str(AskedHow.IN_PERSON): _l("In person")}
ROUTES = {
    str(MessageRoute.MESH): _l("MESH"),
    str(MessageRoute.EMAIL): _l("Secure email"),
    str(MessageRoute.PRINT): _l("Print"),
}
STATUSES = {
    str(MessageStatus.PENDING): _l("Waiting to send"),
    str(MessageStatus.SENT): _l("Sent"),
    str(MessageStatus.ACKNOWLEDGED): _l("Acknowledged by the practice"),
    str(MessageStatus.FAILED): _l("Failed"),
    str(MessageStatus.PRINTED): _l("Printed"),
}
LABELS = {"sharing": SHARING, "asked_how": ASKED_HOW, "route": ROUTES, "status": STATUSES}
REFERRAL_SOURCES = {"web": _l("Online, through this portal")}
# The parts of a message's content the templates read, empty (an older or anonymised message may lack them).
EMPTY_PARTS: dict[str, dict[str, Any]] = {
    "person": dict.fromkeys(("name", "date_of_birth", "nhs_number", "postcode")),
    "practice": dict.fromkeys(("ods_code", "name")),
    "referral": dict.fromkeys(("received_on", "source")),
    "link_worker": dict.fromkeys(("name", "email")),
}


def content_in_words(content: dict[str, Any]) -> dict[str, Any]:
    """A message's content (kept as codes) with its coded values in words, in the current
    language: the document filed and the email are made in English, a preview or a
    subject-access copy in the reader's language."""
    content = {**content, **{part: {**empty, **content.get(part, {})} for part, empty in EMPTY_PARTS.items()}}
    referral = content["referral"]
    source = referral["source"]
    return {
        "codes": [],
        **content,
        "sharing_words": str(SHARING.get(content.get("sharing", ""), "")),
        "referral": {**referral, "source": str(REFERRAL_SOURCES.get(source, source or ""))},
        "needs": [label_of(NEEDS, need) or need for need in content.get("needs", [])],
        "closing_reason": label_of(CLOSING_REASONS, content.get("closing_reason")) or content.get("closing_reason"),
        "groups": [{**group, "outcome": state_label(group["outcome"])} for group in content.get("groups", [])],
        "ons4": [
            {**line, "question": label_of(SHORT_QUESTIONS, line["question"]) or line["question"]}
            for line in content.get("ons4", [])
        ],
    }


@dataclass(frozen=True)
class GpRecordSection:
    identity: CaseIdentity | None
    referrer: CaseReferrer | None
    consents: list[GpConsent]
    coded_events: list[CodedEvent]
    messages: list[GpMessage]

    @property
    def sharing(self) -> GpSharing | None:
        return GpSharing(self.consents[0].sharing) if self.consents else None

    @property
    def sending_as(self) -> GpSharing | None:
        """What the message may carry: None when the person said nothing may go (or no one asked)."""
        return self.sharing if self.sharing in (GpSharing.FULL, GpSharing.CODES_ONLY) else None

    @property
    def referrer_email(self) -> str | None:
        """Where the message back also goes, when someone referred the person."""
        return self.referrer.email if self.referrer is not None and self.referrer.email else None

    @property
    def referrer_gets_codes_only(self) -> bool:
        """Their address is not a secure one, so their email carries the codes only."""
        return self.referrer_email is not None and not is_secure_address(self.referrer_email)


def section_of(referral: Referral) -> GpRecordSection:
    return GpRecordSection(
        identity=queries.identity_of(referral.id),
        referrer=queries.referrer_of(referral.id),
        consents=queries.consents_of(referral.id),
        coded_events=queries.coded_events_of(referral.id),
        messages=queries.messages_of(referral.id),
    )


def spaced_nhs_number(number: str | None) -> str:
    """3 3 4, as the NHS writes it."""
    return f"{number[:3]} {number[3:6]} {number[6:]}" if number else ""


def routes_to(practice_code: str | None) -> list[str]:
    """How a message can reach this practice: MESH with a mailbox, email with a secure address,
    and print always."""
    practice = queries.practice(practice_code)
    routes = [str(MessageRoute.MESH)] if practice_code and queries.mailbox_of(practice_code) else []
    if practice is not None and practice.secure_email:
        routes.append(str(MessageRoute.EMAIL))
    return [*routes, str(MessageRoute.PRINT)]


def practice_email_is_secure(practice_code: str | None) -> bool:
    """False when the practice's email address is not a secure one: an email to it carries the codes only."""
    practice = queries.practice(practice_code)
    return practice is None or not practice.secure_email or is_secure_address(practice.secure_email)
