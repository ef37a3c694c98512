"""Question pages are drawn once per place in a journey and kept, then filled with each person's
answers (`web.kept_forms`): a filled page is exactly the page WTForms and Jinja would draw, and
nothing of one person's reaches another's page or the kept pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import g, render_template
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import SelectField

from portal.referrals.choices import options
from portal.referrals.journeys import CALLBACK, SELF_REFERRAL, Journey, Question
from portal.referrals.question_pages import _context, question_page
from portal.security import csp_nonce
from portal.web.kept_forms import KEPT_PAGES, kept_form_page
from tests.harness import Page, PageClient
from tests.referral_journeys import SELF, SELF_REFERRAL_ANSWERS, seed, start

HOSTILE = "\"'><script>alert(1)</script>&amp; \u202eSam"
EVERY_ANSWER = {key: value for _slug, data in SELF_REFERRAL_ANSWERS if data for key, value in data.items()}
ANSWER_SETS: list[dict[str, Any]] = [
    {},
    EVERY_ANSWER,
    {**EVERY_ANSWER, "who_for": "someone_else", "relationship": "daughter", "person_agrees": "yes"},
    {**EVERY_ANSWER, "contact_channel": "email", "email": "sam@example.org", "language": "other"},
    # what no form saves, but old drafts and hand-made requests might hold
    {key: HOSTILE for key in EVERY_ANSWER} | {"language_other": HOSTILE, "phone": HOSTILE, "about": HOSTILE},
    {"urgent": None, "needs": "lonely", "interpreter": "yes", "dob_day": 27, "full_name": ["a", "b"], "consent": [1]},
]
QUESTIONS = [(journey, question) for journey in (SELF_REFERRAL, CALLBACK) for question in journey.questions]


def drawn_by_wtforms(journey: Journey, question: Question, answers: dict[str, Any]) -> str:
    context = _context(journey, question, answers)
    return render_template(question.template, form=question.form(data=answers), expired=False, **context)


@pytest.mark.parametrize(("journey", "question"), QUESTIONS, ids=lambda item: getattr(item, "slug", ""))
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_filled_question_page_is_the_page_wtforms_draws(app, journey, question, locale):
    for query in ("", "change=yes"):
        for answers in ANSWER_SETS:
            with app.test_request_context(f"/{locale}/{journey.slug}/{question.slug}?{query}"):
                app.preprocess_request()  # the language, from the address
                kept = question_page(journey, question, answers)
                assert kept == drawn_by_wtforms(journey, question, answers)
                assert question_page(journey, question, answers) == kept  # filled again, from the kept page


def session_token(page: Page) -> str:
    """The session's own CSRF secret: the signed token around it carries the second it was signed."""
    return page.csrf_token().split(".")[0]


def test_the_kept_pages_hold_nothing_of_anyones(client, app, db):
    page = start(client)
    seed(db, {"full_name": "Alice Private", "who_for": "me", "urgent": "yes"})
    mine = client.get(f"/en/{SELF}/name")
    assert mine.one("#full_name")["value"] == "Alice Private"
    assert client.get(f"/en/{SELF}/urgent").one("#urgent-0").has_attr("checked")
    kept = "".join(text for kept in app.extensions[KEPT_PAGES].values() if kept for text in kept.texts)
    assert "Alice Private" not in kept and session_token(page) not in kept and "checked" not in kept

    other = PageClient(app.test_client())
    someone = start(other)
    theirs = other.get(f"/en/{SELF}/name")
    assert theirs.one("#full_name")["value"] == "" and "Alice Private" not in theirs.response.get_data(as_text=True)
    assert not someone.one("#urgent-0").has_attr("checked")
    assert session_token(theirs) not in (session_token(page), "") and session_token(theirs) == session_token(someone)


def test_each_filled_page_has_its_own_nonce_and_sets_no_cookie(client):
    question = start(client).response.request.path
    first, again = client.get(question), client.get(question)
    nonces = {page.response.headers["Content-Security-Policy"].split("'nonce-")[1] for page in (first, again)}
    assert len(nonces) == 2
    assert "Set-Cookie" not in again.response.headers  # a plain visit changes nothing in the cookie


def test_a_message_for_one_person_is_shown_on_their_question_page(client, app):
    question = start(client).response.request.path
    client.get(question)  # kept
    with client.session_transaction() as cookie:
        cookie["_flashes"] = [("message", "Just for you")]
    assert "Just for you" in client.get(question).text()
    assert "Just for you" not in client.get(question).text()


class ChooseOne(FlaskForm):
    choice = SelectField(choices=options(("a", "A"), ("b", "B")))


def test_a_page_with_a_select_is_drawn_every_time(app):
    with app.test_request_context("/en/"):
        assert kept_form_page("select", ChooseOne, lambda form: str(form.choice()), {"choice": "b"}) is None
        assert app.extensions[KEPT_PAGES]["select"] is None


def test_a_kept_page_gets_each_requests_own_token_and_nonce(app):
    def draw(form: FlaskForm) -> str:
        return f"{form.csrf_token} {csp_nonce()}"

    filled = []
    for _ in range(2):
        with app.test_request_context("/en/"):
            page = kept_form_page("token and nonce", ChooseOne, draw, {})
            assert page is not None and generate_csrf() in page and g.csp_nonce in page
            filled.append(page)
    assert filled[0] != filled[1] and len(app.extensions[KEPT_PAGES]) == 1
