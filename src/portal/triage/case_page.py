"""What the case page shows: the person's answers exactly as sent, and the work done since."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from portal.accounts.models import Role, User
from portal.db import session
from portal.organisations import group_referrals
from portal.referrals.answers import asking_about_rows, shown, typed
from portal.referrals.journeys import JOURNEYS, LISTING_KEYS
from portal.referrals.models import Referral, ReferralStatus
from portal.teams.access import rights_of
from portal.teams.pages import case_team
from portal.triage import queries, timing
from portal.triage.forms import CLOSING_REASONS, METHODS, OUTCOMES, STATUSES, label
from portal.triage.routes import may_change
from portal.triage.views import language_of, needs_of, row_for


def answer_text(value: Any) -> str:
    """As the person gave it: lists joined, nothing reworded."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return "" if value is None else str(value)


def answers_as_sent(referral: Referral) -> list[tuple[str, Markup | str, bool]]:
    """Each question's label (in the page's language) with the answer as check answers showed it;
    anything no question asks for (older answers) keeps its raw key, marked True."""
    answers = referral.answers or {}
    journey = next((journey for journey in JOURNEYS.values() if journey.kind == referral.kind), None)
    rows: list[tuple[str, Markup | str, bool]] = [
        (label, value, False) for label, value, *_ in asking_about_rows(answers)
    ]
    covered: set[str] = set(LISTING_KEYS)
    for question in journey.applicable(answers) if journey else []:
        if any(key in answers for key in question.keys):
            rows.append((str(question.label), shown(question, answers), False))
            covered.update(question.keys)
    rest = [(str(key), typed(answer_text(value)), True) for key, value in answers.items() if key not in covered]
    return rows + rest


def case_context(referral: Referral, me: User) -> dict[str, Any]:
    holder = session.get(User, referral.holder_id) if referral.holder_id else None
    is_coordinator = Role(me.role) == Role.COORDINATOR
    rights = rights_of(me)
    return {
        **case_team(referral, rights, may_change(referral, me)),
        "referral": referral,
        "row": row_for(referral, holder, timing.now()),
        "answers": answers_as_sent(referral),
        "needs": needs_of(referral),
        "spoken_language": language_of(referral),
        "attempts": [
            (attempt, label(METHODS, attempt.method), label(OUTCOMES, attempt.outcome))
            for attempt in queries.contact_attempts(referral)
        ],
        "notes": queries.notes(referral, include_safeguarding=True),
        "holder": holder,
        "me": me,
        "may_change": may_change(referral, me),
        "group_referrals": group_referrals.for_referral(referral.id),
        "may_take": referral.holder_id is None
        and referral.status != ReferralStatus.CLOSED
        and rights.may_take(referral),
        "staff": queries.staff_who_can_hold() if is_coordinator else [],
        "closing_reason": label(CLOSING_REASONS, referral.closing_reason),
        "status_label": label(STATUSES, referral.status),
    }
