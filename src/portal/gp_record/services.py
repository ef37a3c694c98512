"""Changes to the GP record: add and flush, never commit (the request commits once). Each change
is audited by subject reference only: the NHS number itself never reaches the audit log."""

from __future__ import annotations

from nhs_number.validate import is_valid

from portal import clock
from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
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
from portal.gp_record.secure_email import emailed_content
from portal.outbox.models import Channel
from portal.outbox.services import queue_message
from portal.referrals.models import Referral
from portal.web.forms import normalise_email

ACCEPTED = "support_accepted"
DECLINED = "support_declined"


class NotAnNhsNumber(ValueError):
    pass


class NoSecureEmail(LookupError):
    """The practice has no secure email address to send to."""


class NoCodeFor(LookupError):
    """The scheme's codes table has no code for this moment."""


def normalised_nhs_number(value: str) -> str:
    digits = "".join(character for character in value if character.isdigit())
    if len(digits) != 10 or not is_valid(digits):
        raise NotAnNhsNumber(value)
    return digits


def set_nhs_number(referral: Referral, value: str, by: User) -> None:
    """Add or correct it (an empty value removes it)."""
    number = normalised_nhs_number(value) if value.strip() else None
    identity = queries.identity_of(referral.id)
    had = identity is not None and identity.nhs_number is not None
    if identity is None:
        identity = CaseIdentity(referral_id=referral.id)
        session.add(identity)
    identity.nhs_number, identity.changed_at, identity.changed_by_id = number, clock.now(), by.id
    session.flush()
    action = "gp_record.nhs_number_removed" if number is None else "gp_record.nhs_number_changed"
    record_event(action, "referral", referral.reference, {"corrected": had})


def set_referrer(referral: Referral, name: str, organisation: str, email: str, by: User) -> None:
    """Who referred the person: the message back goes to them too. Audited without the values."""
    referrer = queries.referrer_of(referral.id)
    if referrer is None:
        referrer = CaseReferrer(referral_id=referral.id)
        session.add(referrer)
    referrer.name, referrer.organisation = name or None, organisation or None
    referrer.email = normalise_email(email) or None if email else None
    referrer.changed_at, referrer.changed_by_id = clock.now(), by.id
    session.flush()
    record_event("gp_record.referrer_recorded", "referral", referral.reference, {"has_email": bool(referrer.email)})


def record_consent(referral: Referral, sharing: GpSharing, asked_how: AskedHow, by: User) -> GpConsent:
    consent = GpConsent(
        referral_id=referral.id, sharing=sharing, asked_how=asked_how, recorded_at=clock.now(), recorded_by_id=by.id
    )
    session.add(consent)
    session.flush()
    record_event("gp_record.consent_recorded", "referral", referral.reference, {"sharing": str(sharing)})
    return consent


def record_code(referral: Referral, event: str, by: User) -> CodedEvent:
    """The code of this moment, once per episode: recording it again changes nothing."""
    code = queries.code_for(event)
    if code is None:
        raise NoCodeFor(event)
    for existing in queries.coded_events_of(referral.id):
        if existing.code == code.code:
            return existing
    coded = CodedEvent(referral_id=referral.id, code=code.code, recorded_at=clock.now(), author_id=by.id)
    session.add(coded)
    session.flush()
    record_event("gp_record.code_recorded", "referral", referral.reference, {"code": code.code})
    return coded


def queue_gp_message(
    referral: Referral,
    practice_code: str,
    route: MessageRoute,
    content: dict[str, object],
    by: User,
    to_referrer: bool = False,
) -> GpMessage:
    """The message as previewed, kept as sent. MESH sends it from the worker; an email goes to
    the practice's secure address through the outbox; a printed one is done once printed. With
    `to_referrer`, the same content (cut as the consent says) is emailed to the referrer."""
    now = clock.now()
    status = {MessageRoute.PRINT: MessageStatus.PRINTED, MessageRoute.EMAIL: MessageStatus.SENT}.get(
        route, MessageStatus.PENDING
    )
    message = GpMessage(
        referral_id=referral.id,
        practice_code=practice_code,
        route=route,
        content=content,
        status=status,
        created_at=now,
        next_attempt_at=now,
        sent_by_id=by.id,
        sent_at=now if status != MessageStatus.PENDING else None,
    )
    session.add(message)
    session.flush()
    if route == MessageRoute.EMAIL:
        _email(message)
    if status != MessageStatus.PENDING:
        mark_codes_sent(referral.id, practice_code)
    referrer = queries.referrer_of(referral.id) if to_referrer else None
    if referrer is not None and referrer.email:
        _email_to(referrer.email, message, f"referrer-message-{message.id}")
        message.referrer_emailed_at, message.referrer_organisation = now, referrer.organisation
    detail = {"route": str(route), "to_referrer": message.referrer_emailed_at is not None}
    record_event("gp_record.message_sent", "referral", referral.reference, detail)
    return message


def mark_codes_sent(referral_id: int, practice_code: str) -> None:
    now = clock.now()
    for coded in queries.coded_events_of(referral_id):
        if coded.sent_to_practice is None:
            coded.sent_to_practice, coded.sent_at = practice_code, now
    session.flush()


def _email(message: GpMessage) -> None:
    """To the practice's secure address. With the referrer's copy, the only outbox messages
    that carry health details, as the consent allows and only to a secure address: both go to
    professionals who asked for the person's support, and the consent names what they may get."""
    practice = queries.practice(message.practice_code)
    if practice is None or not practice.secure_email:
        raise NoSecureEmail(message.practice_code)
    _email_to(practice.secure_email, message, f"gp-message-{message.id}")


def _email_to(address: str, message: GpMessage, key: str) -> None:
    """The message's content as sent (codes only to an address that is not secure), in English
    like the GP record; its personal content goes from the outbox after
    `RetentionSettings.outbox_days` (`portal.data_protection.expiry`)."""
    queue_message(
        channel=Channel.EMAIL,
        to=address,
        template="gp-message",
        locale="en",
        context={"content": emailed_content(message.content, address)},
        dedupe_key=key,
    )
