"""Replies to "Did you go?" by text, forwarded by GOV.UK Notify's callback for received text
messages: a JSON body (`id`, `source_number`, `destination_number`, `message`,
`date_received`) with the bearer token set in Notify's callbacks page.

A reply of 1, 2 or 3 answers the newest open question sent to that number. Any other words
count as "I'd like to talk to someone", so a person who writes back is always called back;
their words stay in Notify, never here. Each Notify id is kept, so a retried callback counts
once. Nothing the person wrote, and not their number, is stored or logged.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from portal.db import session
from portal.followups.asking import record_answer
from portal.followups.models import ANSWER_NUMBERS, Answer, AnsweredBy, FollowUp, InboundText
from portal.outbox.models import Channel
from portal.referrals.models import Referral
from portal.web.forms import normalise_digits, normalise_phone

NUMBERED_REPLY = re.compile(r"^\W*([123])(\W.*)?$", re.DOTALL)


class Outcome(StrEnum):
    ANSWERED = "answered"
    ALREADY_SEEN = "already_seen"
    NO_QUESTION = "no_question"  # nothing open was sent to that number


class BadPayload(Exception):
    pass


@dataclass(frozen=True)
class ReceivedText:
    notify_id: str
    phone: str  # E.164
    words: str


def is_from_notify(authorization: str, expected_token: str) -> bool:
    scheme, _space, token = authorization.partition(" ")
    return bool(expected_token) and scheme.lower() == "bearer" and hmac.compare_digest(token, expected_token)


def parse(payload: Any) -> ReceivedText:
    if not isinstance(payload, dict):
        raise BadPayload("not a JSON object")
    notify_id, number, words = payload.get("id"), payload.get("source_number"), payload.get("message")
    if not (isinstance(notify_id, str) and 0 < len(notify_id) <= 64):
        raise BadPayload("no id")
    if not (isinstance(number, str) and isinstance(words, str)):
        raise BadPayload("no number or message")
    digits = re.sub(r"\D", "", number)
    phone = normalise_phone("+" + digits if digits.startswith("44") else number)
    return ReceivedText(notify_id=notify_id, phone=phone, words=words[:1000])


def understood(words: str) -> tuple[Answer, AnsweredBy]:
    match = NUMBERED_REPLY.match(normalise_digits(words).strip())
    if match:
        return ANSWER_NUMBERS[match.group(1)], AnsweredBy.TEXT_REPLY
    return Answer.WANTS_CONTACT, AnsweredBy.TEXT_IN_WORDS


def _open_question_to(phone: str, now: datetime) -> FollowUp | None:
    query = (
        select(FollowUp)
        .join(Referral, Referral.id == FollowUp.referral_id)
        .where(
            Referral.phone == phone,
            FollowUp.channel == Channel.SMS,
            FollowUp.answered_at.is_(None),
            FollowUp.expires_at > now,
        )
        .order_by(FollowUp.sent_at.desc(), FollowUp.id.desc())
    )
    return session.scalars(query).first() if phone else None


def receive(text: ReceivedText, now: datetime) -> Outcome:
    if session.scalar(select(InboundText.id).where(InboundText.notify_id == text.notify_id)) is not None:
        return Outcome.ALREADY_SEEN
    follow_up = _open_question_to(text.phone, now)
    session.add(
        InboundText(notify_id=text.notify_id, received_at=now, follow_up_id=follow_up.id if follow_up else None)
    )
    session.flush()
    if follow_up is None:
        return Outcome.NO_QUESTION
    answer, by = understood(text.words)
    record_answer(follow_up, answer, by, now)
    return Outcome.ANSWERED
