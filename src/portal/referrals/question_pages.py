"""A journey's question page: drawn with the person's form (errors, what they typed), or, for a
plain visit, filled in from the page kept for that place in the journey (`web.kept_forms`)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_wtf import FlaskForm

from portal.referrals import flow
from portal.referrals.forms import StepForm
from portal.referrals.journeys import Answers, Journey, Question, someone_else
from portal.referrals.wording import say
from portal.web.kept_forms import kept_form_page

# The query strings a kept page is drawn for; any other is drawn each time, since the page's
# language links carry it.
KEPT_QUERIES = (b"", b"change=yes")


def _context(journey: Journey, question: Question, answers: Answers) -> dict[str, Any]:
    """Everything the page shows but the form: what depends on the answers is only whether the
    referral is about someone else, and which question comes before this one."""
    about_someone_else = someone_else(answers)
    change = request.args.get("change") == "yes"
    return {
        "journey": journey,
        "question": question,
        "heading": say(question.heading, about_someone_else),
        "hint": say(question.hint, about_someone_else) if question.hint else None,
        "input": question.input_for(about_someone_else),
        "someone_else": about_someone_else,
        "back_url": flow.back_url(journey, question, answers, change),
        "action": flow.question_url(journey, question, change),
    }


def render_question(
    journey: Journey, question: Question, form: StepForm, answers: Answers, *, expired: bool = False
) -> str:
    return render_template(question.template, form=form, expired=expired, **_context(journey, question, answers))


def _kept_page_key(journey: Journey, question: Question, answers: Answers) -> tuple[Any, ...]:
    """What the page depends on besides its address: the wording, and where Back leads."""
    previous = None if request.args.get("change") == "yes" else journey.previous(question, answers)
    return ("question", request.script_root, request.path, request.query_string, someone_else(answers),
            previous.slug if previous else None)  # fmt: skip


def question_page(journey: Journey, question: Question, answers: Answers) -> str:
    """The page a person sees on arriving at a question: their answers so far, nothing wrong."""

    def draw(form: FlaskForm) -> str:
        return render_template(question.template, form=form, expired=False, **_context(journey, question, answers))

    if request.query_string in KEPT_QUERIES:
        page = kept_form_page(_kept_page_key(journey, question, answers), question.form, draw, answers)
        if page is not None:
            return page
    return draw(question.form(data=answers))
