"""What the case page shows of each referral to a group: where the group's answer stands,
and what the person said when asked how it went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from portal.followups import clock
from portal.followups.deadlines import MAY_CANCEL
from portal.followups.models import Answer, AnsweredBy, FollowUp
from portal.followups.queries import follow_ups_of
from portal.i18n import _l
from portal.organisations import group_referrals
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status

PERSON_SAID = {
    Answer.WENT: _l("They said they went"),
    Answer.STILL_PLANNED: _l("They said not yet, but they still want to go"),
    Answer.WANTS_CONTACT: _l("They asked to talk to someone"),
}
IN_THEIR_OWN_WORDS = _l("They replied to the text in their own words: call them")


@dataclass(frozen=True)
class GroupReferralRow:
    item: GroupReferral
    no_answer: bool  # past the group's deadline
    answer_by: datetime | None  # while the group has still to answer
    person_said: str
    asked_at: datetime | None  # asked how it went, no answer yet
    may_chase: bool
    may_cancel: bool

    @property
    def id(self) -> int:
        return self.item.id


def person_said(follow_up: FollowUp | None) -> str:
    if follow_up is None or follow_up.answer is None:
        return ""
    if follow_up.answered_by == AnsweredBy.TEXT_IN_WORDS:
        return str(IN_THEIR_OWN_WORDS)
    return str(PERSON_SAID[Answer(follow_up.answer)])


def group_referral_rows(
    referral_id: int, now: datetime, items: Sequence[GroupReferral] | None = None
) -> list[GroupReferralRow]:
    """`items`: the referral's referrals to groups, when the page has read them already."""
    asked = follow_ups_of(referral_id)
    rows = []
    for item in group_referrals.for_referral(referral_id) if items is None else items:
        follow_up = asked.get(item.id)
        waiting = item.status == Status.SENT
        rows.append(
            GroupReferralRow(
                item=item,
                no_answer=clock.is_past_deadline(item, now),
                answer_by=item.answer_due_at if waiting else None,
                person_said=person_said(follow_up),
                asked_at=follow_up.sent_at if follow_up and follow_up.answered_at is None else None,
                may_chase=waiting,
                may_cancel=item.status in MAY_CANCEL,
            )
        )
    return rows
