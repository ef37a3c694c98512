"""What the case page shows: the person's answers exactly as sent, and the work done since."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from portal import clock
from portal.accounts.access import signed_in
from portal.accounts.models import Role, User
from portal.followups.pages import group_referral_rows
from portal.followups.queries import case_flags
from portal.organisations import group_referrals
from portal.referrals import choices
from portal.referrals.answers import asking_about_rows, shown, typed
from portal.referrals.choices import label
from portal.referrals.journeys import JOURNEYS, LISTING_KEYS
from portal.referrals.models import Referral, ReferralStatus
from portal.teams.access import rights_of
from portal.teams.pages import case_team
from portal.triage import queries, what_matters
from portal.triage.access import may_change
from portal.triage.forms import CLOSING_REASONS, METHODS, OUTCOMES, STATUSES
from portal.triage.models import WellbeingStage
from portal.triage.pages import label_in, language_of, needs_of, row_for
from portal.triage.timeline import timeline
from portal.triage.what_matters_forms import BARRIERS, SHORT_QUESTIONS, STAGES


def answer_text(value: Any) -> str:
    """As the person gave it: lists joined, nothing reworded."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return "" if value is None else str(value)


def answers_as_sent(referral: Referral) -> list[tuple[str, Markup | str, bool]]:
    return answer_rows(referral.kind, referral.answers or {})


def answer_rows(kind: str, answers: dict[str, Any]) -> list[tuple[str, Markup | str, bool]]:
    """Each question's label (in the page's language) with the answer as check answers showed it;
    anything no question asks for (older answers) keeps its raw key, marked True."""
    journey = next((journey for journey in JOURNEYS.values() if journey.kind == kind), None)
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


@dataclass(frozen=True)
class Consent:
    """How the person wants to be contacted, and what may be left or sent to them."""

    preferred: str
    safe_to_send: list[str]


def consent_of(referral: Referral) -> Consent:
    agreed = {
        "voicemail": referral.may_leave_voicemail,
        "sms": referral.may_send_texts,
        "email": referral.may_send_emails,
        "letter": referral.may_send_letters,
    }
    return Consent(
        preferred=label_in(choices.CONTACT_CHANNELS, referral.contact_channel),
        safe_to_send=[label_in(choices.MESSAGES, kind) for kind, yes in agreed.items() if yes],
    )


def flags_of(referral: Referral) -> list[tuple[str, str]]:
    """What a link worker must notice first, each as (tag style, words)."""
    flags = [
        (referral.urgent, "tag--red", _("Urgent")),
        (referral.safeguarding, "tag--red", _("Safeguarding concern")),
        (referral.possible_spam, "tag--yellow", _("Possible spam")),
        (referral.interpreter_needed, "tag--grey", _("Needs an interpreter")),
        (referral.out_of_area, "tag--grey", _("Out of area")),
        (referral.for_someone_else, "tag--grey", _("Made for someone else")),
    ]
    return [(style, words) for shown, style, words in flags if shown]


def case_context(referral: Referral, me: User) -> dict[str, Any]:
    holder = queries.staff_member(referral.holder_id) if referral.holder_id else None
    now = clock.now()
    is_coordinator = Role(me.role) == Role.COORDINATOR
    for_groups = group_referrals.for_referral(referral.id)
    rights = rights_of(me)
    attempts = queries.contact_attempts(referral)
    notes = queries.notes(referral, include_safeguarding=True)
    return {
        **case_team(referral, rights, may_change(referral, me)),
        "referral": referral,
        "timeline": timeline(referral, for_groups, attempts, notes),
        "consent": consent_of(referral),
        "flags": flags_of(referral),
        "row": row_for(referral, holder, now),
        "answers": answers_as_sent(referral),
        "needs": needs_of(referral),
        "spoken_language": language_of(referral),
        "failed": queries.failed_among(attempts),
        "attempts": [
            (attempt, label(METHODS, attempt.method), label(OUTCOMES, attempt.outcome)) for attempt in attempts
        ],
        "notes": notes,
        "holder": holder,
        "me": me,
        "may_change": may_change(referral, me),
        "group_referral_rows": group_referral_rows(referral.id, now, for_groups),
        "group_actions": may_change(referral, me),
        "case_flags": case_flags([referral.id], now),
        "may_take": referral.holder_id is None
        and referral.status != ReferralStatus.CLOSED
        and rights.may_take(referral),
        "staff": queries.staff_who_can_hold() if is_coordinator else [],
        "closing_reason": label(CLOSING_REASONS, referral.closing_reason),
        "status_label": label(STATUSES, referral.status),
    }


def plan_context(referral: Referral) -> dict[str, Any]:
    """What the "what matters to me" page and the printable plan show."""
    assessment = what_matters.assessment_of(referral)
    return {
        "referral": referral,
        "assessment": assessment,
        "barriers": [label(BARRIERS, code) for code in (assessment.barriers if assessment else [])],
        "plan": what_matters.plan_of(referral),
        "actions": what_matters.actions_of(referral),
        "score_lines": what_matters.score_lines(what_matters.scores_of(referral)),
        "stages": [(stage, label(STAGES, stage.value)) for stage in WellbeingStage],
        "question_label": lambda question: label(SHORT_QUESTIONS, question.value),
        "may_change": may_change(referral, signed_in()),
    }
