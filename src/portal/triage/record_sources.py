"""What triage holds about a person, for retention, erasure and subject access
(`portal.data_protection.registry`): what staff wrote goes; contact attempts' method and outcome
and the scores stay, as reports count them."""

from __future__ import annotations

from flask import Flask

from portal.data_protection.registry import add_record_source, table_source
from portal.i18n import _l
from portal.triage.forms import METHODS, OUTCOMES
from portal.triage.models import Assessment, CaseNote, ContactAttempt, PlanAction, WellbeingPlan, WellbeingScore
from portal.triage.what_matters_forms import BARRIERS, QUESTIONS, STAGES

SOURCES = (
    table_source(
        "contact_attempts",
        ContactAttempt,
        _l("Contact attempts"),
        {"made_at": _l("When"), "method": _l("How"), "outcome": _l("Outcome")},
        order=10,
        sort_by="made_at",
        words={"method": METHODS, "outcome": OUTCOMES},
    ),
    table_source(
        "case_notes",
        CaseNote,
        _l("Notes"),
        {
            "written_at": _l("When"),
            "body": _l("Note"),
            "safeguarding": _l("Safeguarding"),
            "escalated_to": _l("Escalated to"),
        },
        blanks={"body": "", "escalated_to": None},
        order=11,
        sort_by="written_at",
    ),
    table_source(
        "assessment",
        Assessment,
        _l("Assessment"),
        {
            "needs": _l("Needs"),
            "strengths": _l("Strengths"),
            "barriers": _l("Barriers"),
            "barriers_detail": _l("About the barriers"),
            "existing_support": _l("Existing support"),
        },
        blanks={"needs": "", "strengths": None, "barriers_detail": None, "existing_support": None},
        order=12,
        words={"barriers": BARRIERS},
    ),
    table_source(
        "wellbeing_plan",
        WellbeingPlan,
        _l("Wellbeing plan"),
        {"goals": _l("Goals"), "review_on": _l("Review on")},
        blanks={"goals": ""},
        order=13,
    ),
    table_source(
        "plan_actions",
        PlanAction,
        _l("Plan actions"),
        {"what": _l("What"), "who": _l("Who"), "by_when": _l("By when")},
        blanks={"what": "", "who": ""},
        order=14,
    ),
    table_source(
        "scores",
        WellbeingScore,
        _l("Wellbeing scores (ONS4)"),
        {"recorded_at": _l("When"), "stage": _l("Stage"), "question": _l("Question"), "score": _l("Score")},
        order=15,
        sort_by="recorded_at",
        words={"stage": STAGES, "question": QUESTIONS},
    ),
)


def init_app(app: Flask) -> None:
    for source in SOURCES:
        add_record_source(app, source)
