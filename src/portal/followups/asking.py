"""Asking the person "Did you go to Headingley Health Walk?" a set number of days after the
group's first session (`FOLLOWUPS_DAYS_AFTER_FIRST_SESSION`, 7 by default).

Only by the channel they chose to be contacted by, and only if they agreed to messages that
way (`referrals.services.confirmation_channel`), in the language they used. The message has
three links, one per answer. Each link holds the same random token, kept only as a hash: it
names nothing about the person, works once (a conditional update), and expires after
`FOLLOWUPS_LINK_VALID_DAYS`.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from portal.accounts.audit.record import record_event
from portal.accounts.tokens import hash_token
from portal.db import session
from portal.followups import clock
from portal.followups.deadlines import when_in
from portal.followups.models import ANSWER_NUMBERS, Answer, AnsweredBy, FollowUp
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status
from portal.outbox.models import Channel
from portal.referrals.models import Referral, ReferralStatus
from portal.referrals.services import confirmation_channel, message_the_person
from portal.triage import timing
from portal.triage.working_days import LOCAL
from portal.web.links import public_url

SUBJECT = "group_referral"
# Asked only while the group has not said they came: after a "did not come" too.
STILL_TO_ASK = (Status.ACCEPTED, Status.DID_NOT_ATTEND)
# Messages go between these local times: never a text at night.
SENDING_HOURS = (time(9, 0), time(20, 0))
THANKS_SHOWN_FOR = timedelta(hours=1)


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def is_sending_hour(now: datetime) -> bool:
    start, end = SENDING_HOURS
    return start <= now.astimezone(LOCAL).time() < end


def _due(now: datetime) -> list[tuple[GroupReferral, Referral]]:
    """Referrals whose first session was the set number of days ago, not asked yet. Past the
    life of a link, a missed one is not asked late."""
    days = timedelta(days=clock.setting("DAYS_AFTER_FIRST_SESSION"))
    oldest = now - days - timedelta(days=clock.setting("LINK_VALID_DAYS"))
    query = (
        select(GroupReferral, Referral)
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .outerjoin(FollowUp, FollowUp.group_referral_id == GroupReferral.id)
        .where(
            FollowUp.id.is_(None),
            GroupReferral.status.in_(STILL_TO_ASK),
            GroupReferral.first_session_at <= now - days,
            GroupReferral.first_session_at > oldest,
            Referral.status != ReferralStatus.CLOSED,
            Referral.personal_details_erased_at.is_(None),
        )
        .order_by(GroupReferral.id)
    )
    return [(group_referral, referral) for group_referral, referral in session.execute(query).all()]


def send_due(now: datetime) -> int:
    if not is_sending_hour(now):
        return 0
    return sum(1 for group_referral, referral in _due(now) if ask(group_referral, referral, now))


def replies_by_text() -> bool:
    """Texts invite a reply of 1, 2 or 3 only where Notify forwards replies to us."""
    settings = current_app.config["SETTINGS"]
    return settings.outbox_backend == "notify" and bool(settings.notify_inbound_token)


def answer_links(token: str, locale: str) -> list[str]:
    return [
        public_url("followups_public.answer", token=token, number=number, locale=locale) for number in ANSWER_NUMBERS
    ]


def ask(group_referral: GroupReferral, referral: Referral, now: datetime) -> FollowUp | None:
    """Nothing is sent (and nothing kept) when the person chose phone calls or gave no consent
    to texts or emails: the holder asks them instead."""
    channel = confirmation_channel(referral)
    if channel is None:
        return None
    token = secrets.token_urlsafe(16)
    valid_for = timedelta(days=clock.setting("LINK_VALID_DAYS"))
    follow_up = FollowUp(
        group_referral_id=group_referral.id,
        referral_id=referral.id,
        channel=channel.value,
        locale=referral.locale,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + valid_for,
    )
    session.add(follow_up)
    session.flush()
    context = {
        "listing": group_referral.listing.translated("name", referral.locale)[0],
        "links": answer_links(token, referral.locale),
        "reply_by_text": channel == Channel.SMS and replies_by_text(),
        "until": when_in(referral.locale, follow_up.expires_at),
    }
    message_the_person(referral, channel, "how-did-it-go", context, f"how-did-it-go:{group_referral.id}")
    record_event("followup.sent", SUBJECT, group_referral.id, {"channel": channel.value})
    return follow_up


def _by_token(token: str) -> FollowUp | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(select(FollowUp).where(FollowUp.token_hash == hash_token(token)))


def follow_up_for_link(token: str, now: datetime) -> FollowUp | LinkProblem:
    follow_up = _by_token(token)
    if follow_up is None:
        return LinkProblem.UNKNOWN
    if follow_up.answered_at is not None:
        return LinkProblem.USED
    if follow_up.expires_at <= now:
        return LinkProblem.EXPIRED
    return follow_up


def just_answered(token: str, now: datetime) -> FollowUp | None:
    """The follow-up this link answered within the last `THANKS_SHOWN_FOR`, for its thank-you page."""
    follow_up = _by_token(token)
    answered_at = follow_up.answered_at if follow_up else None
    return follow_up if answered_at is not None and answered_at > now - THANKS_SHOWN_FOR else None


def record_answer(follow_up: FollowUp, answer: Answer, by: AnsweredBy, now: datetime) -> bool:
    """The first answer counts; a second (a link used twice at once) changes nothing. "I'd
    like to talk to someone" puts the case at the top of the holder's caseload, due within
    `FOLLOWUPS_TALK_WITHIN_WORKING_DAYS`."""
    contact_due = (
        timing.calendar().add_working_days(now, clock.setting("TALK_WITHIN_WORKING_DAYS"))
        if answer == Answer.WANTS_CONTACT
        else None
    )
    result = session.execute(
        update(FollowUp)
        .where(FollowUp.id == follow_up.id, FollowUp.answered_at.is_(None))
        .values(answer=answer, answered_at=now, answered_by=by, contact_due_at=contact_due)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return False
    session.refresh(follow_up)
    record_event("followup.answered", SUBJECT, follow_up.group_referral_id, {"answer": answer.value, "by": by.value})
    if answer == Answer.WANTS_CONTACT:
        _open_again(follow_up.referral_id)
    return True


def _open_again(referral_id: int) -> None:
    """A person who asks to talk after their referral was closed is not left unheard."""
    referral = session.get(Referral, referral_id)
    if referral is None or referral.status != ReferralStatus.CLOSED:
        return
    referral.status, referral.closing_reason, referral.closed_at = ReferralStatus.IN_SUPPORT, None, None
    referral.version += 1
    record_event("followup.case_reopened", "referral", referral.reference)
