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
# Safety first, then who it is for, then age and area, then the rest.
SELF_REFERRAL_ANSWERS: list[tuple[str, dict[str, Any] | None]] = [
    ("urgent", {"urgent": "no"}),
    ("who-for", {"who_for": "me"}),
    ("date-of-birth", {"dob_day": "27", "dob_month": "3", "dob_year": "1985"}),
    ("postcode", {"postcode": "ls6 1an"}),
    ("help-with", {"needs": ["lonely", "money"], "what_matters": "I would like to meet people.\nI live on my own."}),
    ("name", {"full_name": "Sam Jones"}),
    ("contact", {"contact_channel": "sms", "mobile": "07911 123456"}),
    ("best-times", {"best_times": "Weekday mornings"}),
    ("safe-to-send", {"safe_messages": ["voicemail", "sms", "letter"]}),
    ("language", {"language": "en"}),
    ("agree-to-share", {"consent": ["yes"]}),
]

# The same person, who does not feel safe: the page about getting help now comes straight after.
URGENT_ANSWERS = [
    ("urgent", {"urgent": "yes"}),
    ("get-help-now", None),
    *SELF_REFERRAL_ANSWERS[1:],
]

CALLBACK_ANSWERS: list[tuple[str, dict[str, Any] | None]] = [
    ("name-and-number", {"full_name": "Sam Jones", "phone": "0113 496 0123"}),
    ("best-times", {"best_times": "After 3pm"}),
    ("language", {"language": "other", "language_other": "Polish", "interpreter": ["yes"]}),
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


def taps_for(data: dict[str, Any] | None) -> int:
    """What a person taps to answer one page: each option chosen, each box typed in (one tap to
    reach it), then Continue; a page to read is one tap (its button)."""
    if data is None:
        return 1
    chosen = sum(len(value) if isinstance(value, list) else 1 for value in data.values() if value not in ("", []))
    return chosen + 1


def measure(
    client: PageClient, journey: str = SELF, answers: list[tuple[str, dict[str, Any] | None]] | None = None
) -> tuple[int, int, int]:
    """Walks a journey from its start page to its confirmation, counting (question pages, every
    page seen, taps). Pages seen: start, each question or page to read, check answers, confirmation."""
    default = SELF_REFERRAL_ANSWERS if journey == SELF else CALLBACK_ANSWERS
    walked = default if answers is None else answers
    check = walk(client, journey, answers=walked)
    confirmation = send(client, check)
    assert confirmation.select(".panel__reference")
    questions = sum(1 for _slug, data in walked if data is not None)
    pages = 1 + len(walked) + 2
    taps = 1 + sum(taps_for(data) for _slug, data in walked) + 1  # Start now ... Send
    return questions, pages, taps
