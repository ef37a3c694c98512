"""Going through the referral journeys in tests, as a person would: start, answer each question,
check, send."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.referrals.models import JourneyDraft, ReferralKind
from tests.harness import Page, PageClient

SELF = "refer-yourself"
CALLBACK = "ask-for-a-call-back"

# A person referring themselves, question by question (None: a page to read, then Continue).
SELF_REFERRAL_ANSWERS: list[tuple[str, dict[str, Any] | None]] = [
    ("who-for", {"who_for": "me"}),
    ("help-with", {"needs": ["lonely", "money"]}),
    ("what-matters", {"what_matters": "I would like to meet people.\nI live on my own."}),
    ("name", {"full_name": "Sam Jones"}),
    ("date-of-birth", {"dob_day": "27", "dob_month": "3", "dob_year": "1985"}),
    ("postcode", {"postcode": "ls6 1an"}),
    ("gp-practice", {"gp_practice": "DEMO12"}),
    ("contact", {"contact_channel": "sms", "mobile": "07911 123456"}),
    ("best-times", {"best_times": "Weekday mornings"}),
    ("voicemail", {"voicemail": "yes"}),
    ("safe-to-send", {"safe_messages": ["sms", "letter"]}),
    ("language", {"language": "en"}),
    ("access-needs", {"access_needs": ""}),
    ("urgent", {"urgent": "no"}),
    ("agree-to-share", {"consent": ["yes"]}),
]

# The same person, who does not feel safe: a page about getting help now comes before the last question.
URGENT_ANSWERS = [
    *SELF_REFERRAL_ANSWERS[:-2],
    ("urgent", {"urgent": "yes"}),
    ("get-help-now", None),
    SELF_REFERRAL_ANSWERS[-1],
]

CALLBACK_ANSWERS: list[tuple[str, dict[str, Any] | None]] = [
    ("name", {"full_name": "Sam Jones"}),
    ("phone-number", {"phone": "0113 496 0123"}),
    ("best-times", {"best_times": "After 3pm"}),
    ("language", {"language": "other", "language_other": "Polish"}),
    ("interpreter", {"interpreter": "yes"}),
    ("voicemail", {"voicemail": "no"}),
    ("what-about", {"about": "Money worries"}),
    ("agree-to-share", {"consent": ["yes"]}),
]


def start(client: PageClient, journey: str = SELF, locale: str = "en") -> Page:
    """From the start page's Start now to the first question."""
    page = client.get(f"/{locale}/{journey}")
    return client.follow(client.submit(page, f"/{locale}/{journey}", {}, expected_status=303))


def path(page: Page) -> str:
    return str(page.response.request.path)


def answer(client: PageClient, page: Page, data: dict[str, Any]) -> Page:
    return client.follow(client.submit(page, path(page), data, expected_status=303))


def answer_all(client: PageClient, page: Page, answers: list[tuple[str, dict[str, Any] | None]]) -> Page:
    """Answers each question in turn, checking it is the one expected; returns what comes next."""
    for slug, data in answers:
        assert path(page).endswith(f"/{slug}"), f"expected {slug}, on {path(page)}"
        page = client.get(page.one("main a.button")["href"]) if data is None else answer(client, page, data)
    return page


def walk(
    client: PageClient,
    journey: str = SELF,
    locale: str = "en",
    answers: list[tuple[str, dict[str, Any] | None]] | None = None,
) -> Page:
    """Start and answer every question: returns check answers."""
    default = SELF_REFERRAL_ANSWERS if journey == SELF else CALLBACK_ANSWERS
    page = answer_all(client, start(client, journey, locale), default if answers is None else answers)
    assert path(page).endswith("/check-your-answers"), path(page)
    return page


def send(client: PageClient, check: Page, **extra: Any) -> Page:
    """Press the button on check answers; returns the confirmation."""
    sent = client.submit(check, path(check), {**check.form_values(), **extra}, expected_status=303)
    return client.follow(sent)


def with_answers(base: list[tuple[str, dict[str, Any] | None]], **changes: dict[str, Any] | None) -> list[Any]:
    """The answers with some questions answered differently (keyed by slug, - as _)."""
    return [(slug, changes.get(slug.replace("-", "_"), data)) for slug, data in base]


def draft(db: Session, kind: ReferralKind = ReferralKind.SELF_REFERRAL) -> JourneyDraft:
    db.expire_all()
    return db.scalars(select(JourneyDraft).where(JourneyDraft.journey == kind)).one()


def seed(db: Session, answers: dict[str, Any], kind: ReferralKind = ReferralKind.SELF_REFERRAL) -> None:
    """Answers given earlier, put straight into the person's draft."""
    found = draft(db, kind)
    found.answers = {**found.answers, **answers}
    db.commit()


def take_time(db: Session) -> None:
    """The person took half an hour over it, as people do (robots take seconds)."""
    for found in db.scalars(select(JourneyDraft)):
        found.started_at = utcnow() - timedelta(minutes=30)
    db.commit()


@contextmanager
def changed_settings(app: Flask, part: str, **changes: Any) -> Iterator[None]:
    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = replace(settings, **{part: replace(getattr(settings, part), **changes)})
    try:
        yield
    finally:
        app.config["SETTINGS"] = settings


def scheme_settings(app: Flask, **changes: Any) -> Any:
    return changed_settings(app, "scheme", **changes)


def referral_settings(app: Flask, **changes: Any) -> Any:
    return changed_settings(app, "referrals", **changes)
