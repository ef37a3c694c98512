"""The two optional questions under a sent self-referral's confirmation: gender and ethnic group
in the ONS 2021 categories, each with "Prefer not to say", never required, answered once, and
kept on the referral only until it is anonymised."""

from sqlalchemy import select

from portal.accounts.models import AuditEvent
from portal.data_protection.retention import anonymise
from portal.geo.models import Postcode
from portal.referrals.models import Referral
from tests.referral_journeys import CALLBACK, SELF_REFERRAL_ANSWERS, send, walk, with_answers

ABOUT_YOU = "/en/refer-yourself/confirmation"


def sent_referral(db):
    db.expire_all()
    return db.scalars(select(Referral)).one()


def test_the_confirmation_asks_the_optional_questions_and_saves_the_answers(client, db):
    confirmation = send(client, walk(client))
    assert confirmation.text("legend") == "What is your gender? (optional) What is your ethnic group? (optional)"
    saved = client.submit(confirmation, ABOUT_YOU, {"gender": "woman", "ethnic_group": "white"}, expected_status=303)
    thanks = client.follow(saved)
    assert "Thank you. Your answers are saved." in thanks.text("main")
    assert not thanks.select("input[name=gender]")
    referral = sent_referral(db)
    assert (referral.gender, referral.ethnic_group) == ("woman", "white")
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == referral.reference)).all()
    assert "referral.about_you_given" in events


def test_leaving_both_unanswered_saves_nothing_and_asks_no_more(client, db):
    confirmation = send(client, walk(client))
    thanks = client.follow(client.submit(confirmation, ABOUT_YOU, {}, expected_status=303))
    assert not thanks.select("input[name=gender]")
    assert (sent_referral(db).gender, sent_referral(db).ethnic_group) == (None, None)


def test_prefer_not_to_say_is_an_answer(client, db):
    confirmation = send(client, walk(client))
    client.submit(confirmation, ABOUT_YOU, {"gender": "prefer_not_to_say"}, expected_status=303)
    assert (sent_referral(db).gender, sent_referral(db).ethnic_group) == ("prefer_not_to_say", None)


def test_an_answer_not_offered_gets_a_message_next_to_the_question(client, db):
    confirmation = send(client, walk(client))
    page = client.submit(confirmation, ABOUT_YOU, {"gender": "robot"}, expected_status=200)
    assert "Select one of the options, or leave it unselected" in page.text(".form-group--error")
    assert sent_referral(db).gender is None


def test_the_answers_are_given_once(client, db):
    confirmation = send(client, walk(client))
    client.submit(confirmation, ABOUT_YOU, {"gender": "man"}, expected_status=303)
    client.submit(confirmation, ABOUT_YOU, {"gender": "woman", "ethnic_group": "asian"}, expected_status=303)
    assert (sent_referral(db).gender, sent_referral(db).ethnic_group) == ("man", None)


def test_about_someone_they_care_for_the_questions_say_their(client, db):
    answers = [
        SELF_REFERRAL_ANSWERS[0],
        ("who-for", {"who_for": "someone_else", "relationship": "Her son"}),
        ("their-agreement", {"person_agrees": "yes"}),
        *SELF_REFERRAL_ANSWERS[2:],
    ]
    confirmation = send(client, walk(client, answers=answers))
    assert "What is their gender? (optional)" in confirmation.text("legend")


def test_a_call_back_is_not_asked(client, db):
    confirmation = send(client, walk(client, CALLBACK))
    assert not confirmation.select("input[name=gender]")


def test_without_a_sent_referral_nothing_is_saved(client, db):
    page = client.get("/en/refer-yourself")
    client.submit(page, ABOUT_YOU, {"gender": "woman"}, expected_status=303)
    assert db.scalars(select(Referral)).all() == []


def test_anonymising_erases_gender_and_ethnic_group_and_keeps_the_deprivation_decile(app, client, db):
    db.add(Postcode(postcode="LS6 1AN", outward_code="LS6", latitude=53.82, longitude=-1.567, imd_decile=4))
    db.commit()
    confirmation = send(client, walk(client, answers=with_answers(SELF_REFERRAL_ANSWERS)))
    client.submit(confirmation, ABOUT_YOU, {"gender": "woman", "ethnic_group": "black"}, expected_status=303)
    with app.app_context():
        anonymise(db, [sent_referral(db)])
        db.commit()
    referral = sent_referral(db)
    assert (referral.gender, referral.ethnic_group, referral.postcode) == (None, None, None)
    assert referral.deprivation_decile == 4
