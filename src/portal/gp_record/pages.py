"""The GP record section of the case page, shaped for its template."""

from __future__ import annotations

from dataclasses import dataclass

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
from portal.i18n import _l
from portal.referrals.models import Referral

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
