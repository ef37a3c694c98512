"""Where a person goes next in a journey, and what this browser has already sent."""

from __future__ import annotations

from flask import current_app, url_for
from flask import session as browser_session
from werkzeug.datastructures import MultiDict

from portal.referrals import drafts
from portal.referrals.journeys import (
    CALLBACK,
    SELF_REFERRAL,
    Answers,
    Journey,
    Question,
    blocking_notice,
    carried_to_callback,
    someone_else,
)
from portal.referrals.models import JourneyDraft

SENT_KEY = "referrals_sent"
ABOUT_YOU_KEY = "referrals_about_you"  # the references whose optional questions were answered


def start_url(journey: Journey) -> str:
    return url_for(journey.start_endpoint)


def question_url(journey: Journey, question: Question, change: bool = False) -> str:
    return url_for(
        "referrals.show_question", journey=journey.slug, step=question.slug, change="yes" if change else None
    )


def check_url(journey: Journey) -> str:
    return url_for("referrals.check_answers", journey=journey.slug)


def next_url(journey: Journey, answers: Answers) -> str:
    question = journey.first_unanswered(answers)
    return question_url(journey, question) if question else check_url(journey)


def back_url(journey: Journey, question: Question, answers: Answers, change: bool) -> str:
    if change:
        return check_url(journey)
    previous = journey.previous(question, answers)
    return question_url(journey, previous) if previous else start_url(journey)


def still_valid(question: Question, answers: Answers) -> bool:
    """Answers are checked again before sending: the scheme's lists may have changed since."""
    formdata: MultiDict[str, str] = MultiDict()
    for key in question.keys:
        value = answers.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                formdata.add(key, str(item))
    form = question.form(formdata=formdata, meta={"csrf": False})
    form.someone_else = someone_else(answers)
    return bool(form.validate())


def unfinished(journey: Journey, draft: JourneyDraft) -> str | None:
    """Where to send a person who cannot send yet: a question to answer or a page to read."""
    answers = draft.answers
    if (question := journey.first_unanswered(answers)) is not None:
        return question_url(journey, question)
    if (notice := blocking_notice(journey, answers, current_app.config["SETTINGS"].scheme)) is not None:
        return url_for("referrals.show_notice", notice=notice)
    invalid = next((question for question in journey.applicable(answers) if not still_valid(question, answers)), None)
    return question_url(journey, invalid, change=True) if invalid else None


def carried_answers(journey: Journey) -> Answers:
    """Starting a call back after part of a self-referral: what was said is not asked again."""
    if journey is not CALLBACK:
        return {}
    self_referral = drafts.find(SELF_REFERRAL.kind)
    return carried_to_callback(self_referral.answers) if self_referral else {}


def remember_sent(journey: Journey, reference: str) -> None:
    browser_session[SENT_KEY] = {**browser_session.get(SENT_KEY, {}), journey.kind.value: reference}


def forget_sent(journey: Journey) -> None:
    sent = dict(browser_session.get(SENT_KEY, {}))
    if sent.pop(journey.kind.value, None) is not None:
        browser_session[SENT_KEY] = sent


def sent_reference(journey: Journey) -> str | None:
    reference = browser_session.get(SENT_KEY, {}).get(journey.kind.value)
    return reference if isinstance(reference, str) else None


def remember_about_you(reference: str) -> None:
    browser_session[ABOUT_YOU_KEY] = [*browser_session.get(ABOUT_YOU_KEY, [])[-4:], reference]


def about_you_answered(reference: str) -> bool:
    return reference in browser_session.get(ABOUT_YOU_KEY, [])


def lost_url(journey: Journey) -> str:
    """Without a draft: the page saying the answers were deleted if their time ran out, else the start."""
    if drafts.expired():
        return url_for("referrals.show_answers_deleted", journey=journey.slug)
    return start_url(journey)


def sent_or_start_url(journey: Journey) -> str:
    """Without a draft: the confirmation if this browser just sent one (Back after sending), else as `lost_url`."""
    if sent_reference(journey):
        return url_for("referrals.show_confirmation", journey=journey.slug)
    return lost_url(journey)
