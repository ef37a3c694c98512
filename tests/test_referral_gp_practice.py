"""The self-referral's GP practice question: the practices of the scheme's area, or "I do not
know", or "I am not registered with a GP"; one question on a plain form, kept on the referral,
in every language."""

import pytest
from sqlalchemy import select

from portal.referrals.models import GpRegistration, Referral
from tests.referral_journeys import SELF_REFERRAL_ANSWERS, answer, answer_all, path, send, start, take_time, walk
from tests.teams_helpers import demo_practices

BEFORE = SELF_REFERRAL_ANSWERS[:4]  # up to the postcode
AFTER = SELF_REFERRAL_ANSWERS[4:]


def with_practice(choice):
    return [*BEFORE, ("gp-practice", {"gp_practice": choice}), *AFTER]


@pytest.fixture
def practices(db):
    demo_practices(db)


def sent(client, db, choice):
    check = walk(client, answers=with_practice(choice))
    take_time(db)
    send(client, check)
    return db.scalars(select(Referral)).one()


def test_the_question_comes_after_the_postcode_and_offers_the_areas_practices(client, practices):
    page = answer_all(client, start(client), BEFORE)
    assert path(page).endswith("/gp-practice")
    assert page.h1 == "Which GP practice are you registered with?"
    options = page.select("select#gp_practice option")
    labels = [option.get_text() for option in options]
    assert labels[:3] == ["Select a GP practice", "I do not know", "I am not registered with a GP"]
    assert labels[3] == "Aire Valley Surgery, LS11 5QR" and labels[3:] == sorted(labels[3:])
    assert "Old Hunslet Surgery, LS10 1JQ" not in labels  # closed
    assert all(option["lang"] == "en" for option in options[3:])
    assert page.one("main form")["method"] == "post" and page.one("main form").has_attr("novalidate")


def test_the_practice_chosen_is_kept_on_the_referral_by_its_ods_code(client, db, practices):
    referral = sent(client, db, "Z99002")
    assert referral.gp_registration == GpRegistration.REGISTERED
    assert (referral.gp_practice_code, referral.gp_practice_name) == ("Z99002", "Beckett Park Medical Centre")


@pytest.mark.parametrize("choice", ["do_not_know", "not_registered"])
def test_not_knowing_or_not_being_registered_are_answers_too(client, db, practices, choice):
    referral = sent(client, db, choice)
    assert (referral.gp_registration, referral.gp_practice_code, referral.gp_practice_name) == (choice, None, None)


def test_check_answers_names_the_practice_with_a_change_link(client, db, practices):
    check = walk(client, answers=with_practice("Z99002"))
    row = next(row for row in check.select(".summary-list__row") if "GP practice" in row.get_text())
    assert "Beckett Park Medical Centre" in row.get_text() and row.select_one("[lang=en]")
    assert row.select_one("a")["href"] == "/en/refer-yourself/gp-practice?change=yes"


@pytest.mark.parametrize("choice", ["", "Z00000", "Z99090"])  # nothing, unknown, closed
def test_no_practice_chosen_says_what_to_do(client, practices, choice):
    page = answer_all(client, start(client), BEFORE)
    again = client.submit(page, path(page), {"gp_practice": choice}, expected_status=200)
    assert again.errors() == ["Select your GP practice, or select I do not know"]
    assert again.title.startswith("Error:")
    assert (
        again.one("#gp_practice-error").get_text(" ", strip=True)
        == "Error: Select your GP practice, or select I do not know"
    )


def test_about_someone_else_the_question_and_its_message_say_their(client, practices):
    answers = [
        ("urgent", {"urgent": "no"}),
        ("who-for", {"who_for": "someone_else", "relationship": "Her son"}),
        ("their-agreement", {"person_agrees": "yes"}),
        *SELF_REFERRAL_ANSWERS[2:4],
    ]
    page = answer_all(client, start(client), answers)
    assert page.h1 == "Which GP practice are they registered with?"
    again = client.submit(page, path(page), {"gp_practice": ""}, expected_status=200)
    assert again.errors() == ["Select their GP practice, or select I do not know"]


@pytest.mark.parametrize("locale", ["cy", "ur"])
def test_the_question_is_translated(client, practices, locale):
    page = answer_all(client, start(client, locale=locale), BEFORE)
    assert path(page).endswith("/gp-practice")
    assert page.h1 and page.h1 != "Which GP practice are you registered with?"
    assert page.select("select#gp_practice option")[1].get_text() != "I do not know"


def test_without_practices_for_the_area_the_question_is_not_asked(client):
    page = answer_all(client, start(client), BEFORE)
    assert path(page).endswith("/help-with")


def test_an_answer_to_a_practice_that_has_closed_since_is_asked_again_before_sending(client, db, practices):
    from portal.practices.models import GpPractice, PracticeStatus

    check = walk(client, answers=with_practice("Z99002"))
    practice = db.scalar(select(GpPractice).where(GpPractice.ods_code == "Z99002"))
    practice.status = PracticeStatus.CLOSED
    db.commit()
    take_time(db)
    again = client.submit(check, path(check), check.form_values(), expected_status=303)
    assert again.response.headers["Location"] == "/en/refer-yourself/gp-practice?change=yes"


def test_the_answer_can_be_changed_from_check_answers(client, db, practices):
    check = walk(client, answers=with_practice("do_not_know"))
    change = client.get("/en/refer-yourself/gp-practice?change=yes")
    assert change.one("select#gp_practice option[selected]")["value"] == "do_not_know"
    back = answer(client, change, {"gp_practice": "Z99010"})
    assert path(back).endswith("/check-your-answers") and "Meanwood Valley Surgery" in back.text()
    assert check
