"""What follow-ups hold about a person: how each group referral went, in the person's or the
group's words (the answer is a choice, so it is kept for reports)."""

from __future__ import annotations

from flask import Flask

from portal.data_protection.registry import add_record_source, table_source
from portal.followups.models import FollowUp
from portal.followups.pages import PERSON_SAID
from portal.i18n import _l
from portal.referrals.choices import CONTACT_CHANNELS

SOURCE = table_source(
    "follow_ups",
    FollowUp,
    _l("Follow-ups"),
    {"sent_at": _l("Asked on"), "channel": _l("How"), "answer": _l("Answer"), "answered_at": _l("Answered on")},
    order=25,
    sort_by="sent_at",
    words={"channel": CONTACT_CHANNELS, "answer": PERSON_SAID},
)


def init_app(app: Flask) -> None:
    add_record_source(app, SOURCE)
