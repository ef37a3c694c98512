"""Sending a referral or call back request: saved once, confirmed only when saved.

Unlike other services, `send` commits itself: the person is told "sent" only after the
database has the record, so a failing commit can never be followed by a confirmation (the
request's own commit comes after the response is built). A second send of the same journey
(a double tap, a refresh, Back and send again) finds the first through the journey's one-time
token, which a unique constraint backs when both arrive at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from portal.accounts.audit.record import record_event
from portal.config import Settings
from portal.db import session, utcnow
from portal.outbox.models import Channel, OutboxMessage
from portal.outbox.services import queue_message
from portal.referrals import drafts
from portal.referrals.journeys import Journey
from portal.referrals.models import ContactChannel, JourneyDraft, Referral, ReferralKind
from portal.referrals.queries import referral_sent_with
from portal.referrals.records import build_referral
from portal.referrals.references import spaced, unused_reference
from portal.teams.queries import promise_of, urgent_inbox
from portal.web.forms import is_example_number
from portal.web.links import public_url

# Where the duty team opens a referral; the triage queue provides it.
STAFF_REFERRAL_ENDPOINT = "triage.show_referral"


class NotSent(Exception):
    """The database could not save the referral; the person's answers are still in the draft."""


def spam_reasons(draft: JourneyDraft, looks_automated: bool, settings: Settings, now: datetime) -> list[str]:
    reasons = set(draft.spam_signals) | ({"honeypot"} if looks_automated else set())
    if now - draft.started_at < timedelta(seconds=settings.referrals.min_fill_seconds):
        reasons.add("too_fast")
    return sorted(reasons)


def send(journey: Journey, draft: JourneyDraft, looks_automated: bool, locale: str) -> Referral:
    settings: Settings = current_app.config["SETTINGS"]
    now = utcnow()
    referral = build_referral(journey.kind, draft, settings.scheme, locale, now)
    referral.reference = unused_reference()
    referral.spam_reasons = spam_reasons(draft, looks_automated, settings, now)
    referral.possible_spam = bool(referral.spam_reasons)
    submission_token = draft.submission_token
    try:
        session.add(referral)
        session.flush()
        queue_messages(referral, settings)
        drafts.discard_all()
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if (first := referral_sent_with(submission_token)) is not None:
            return first
        raise NotSent from error
    except SQLAlchemyError as error:
        session.rollback()
        raise NotSent from error
    return referral


def queue_messages(referral: Referral, settings: Settings) -> None:
    """The person's confirmation only by the way they chose and agreed to; never to what may
    be spam (the service must not send texts to strangers for a robot). The duty alert for
    urgent ones always (to its team's inbox), spam or not: it carries no personal details."""
    if not referral.possible_spam:
        _queue_confirmation(referral, settings)
    if referral.urgent:
        queue_message(
            channel=Channel.EMAIL,
            to=urgent_inbox(referral.team_id) or settings.duty_inbox,
            template="urgent-referral-alert",
            locale=settings.default_locale,
            context={"reference": spaced(referral.reference), "kind": referral.kind, "link": staff_link(referral)},
            dedupe_key=f"referral-{referral.reference}-urgent-alert",
        )


def promised_working_days(referral: Referral, settings: Settings) -> int:
    """A self-referral is promised its team's time to first contact; the rest the scheme's."""
    promise = promise_of(referral.team_id) if referral.kind == ReferralKind.SELF_REFERRAL else None
    return promise or settings.scheme.response_working_days


def confirmation_channel(referral: Referral) -> Channel | None:
    """Never to an example number from our hints: it belongs to nobody."""
    if referral.contact_channel == ContactChannel.SMS and referral.may_send_texts and referral.phone:
        return None if is_example_number(referral.phone) else Channel.SMS
    if referral.contact_channel == ContactChannel.EMAIL and referral.may_send_emails and referral.email:
        return Channel.EMAIL
    return None


def _queue_confirmation(referral: Referral, settings: Settings) -> None:
    channel = confirmation_channel(referral)
    if channel is None:
        return
    context = {
        "reference": spaced(referral.reference),
        "kind": referral.kind,
        "working_days": promised_working_days(referral, settings),
    }
    message_the_person(
        referral, channel, "referral-confirmation", context, f"referral-{referral.reference}-confirmation"
    )


def message_the_person(
    referral: Referral, channel: Channel, template: str, context: dict[str, Any], dedupe_key: str
) -> OutboxMessage:
    """A text or an email to the person a referral is about, at the number or address they gave,
    in the language they used."""
    return queue_message(
        channel=channel,
        to=str(referral.phone if channel == Channel.SMS else referral.email),
        template=template,
        locale=referral.locale,
        context=context,
        dedupe_key=dedupe_key,
    )


def staff_link(referral: Referral) -> str:
    if STAFF_REFERRAL_ENDPOINT in current_app.view_functions:
        return public_url(STAFF_REFERRAL_ENDPOINT, reference=referral.reference)
    return public_url("site.choose_language") + f"staff/referrals/{referral.reference}"


def give_about_you(referral: Referral, gender: str | None, ethnic_group: str | None) -> None:
    """The optional questions after sending are answered once; an erased referral takes none."""
    if referral.personal_details_erased_at is not None or referral.gender or referral.ethnic_group:
        return
    referral.gender, referral.ethnic_group = gender or None, ethnic_group or None
    record_event("referral.about_you_given", "referral", referral.reference)
