"""Sending: one record however often the button is pressed, nothing confirmed that was not saved,
spam kept and marked, and the right messages queued in the person's language."""

import threading

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.outbox.models import Channel, OutboxMessage
from portal.outbox.rendering import render_message
from portal.outbox.services import send_due
from portal.referrals.models import JourneyDraft, Referral
from portal.referrals.references import ALPHABET, new_reference, spaced
from tests.referral_journeys import (
    CALLBACK,
    SELF,
    SELF_REFERRAL_ANSWERS,
    URGENT_ANSWERS,
    answer_all,
    path,
    referral_settings,
    send,
    take_time,
    walk,
    with_answers,
)
from tests.test_outbox import RecordingBackend


def referrals(db):
    db.expire_all()
    return db.scalars(select(Referral)).all()


def messages(db):
    db.expire_all()
    return db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_sending_twice_gives_the_same_confirmation_and_one_referral(client, db):
    check = walk(client)
    first = client.submit(check, path(check), check.form_values(), expected_status=303)
    again = client.submit(check, path(check), check.form_values(), expected_status=303)
    assert first.response.headers["Location"] == again.response.headers["Location"]
    assert len(referrals(db)) == 1
    assert client.follow(again).h1 == "Referral sent"


def test_back_after_sending_shows_the_same_confirmation(client, db):
    check = walk(client)
    reference_page = send(client, check)
    back = client.get(path(check), expected_status=302)
    assert client.follow(back).text(".panel") == reference_page.text(".panel")
    assert len(referrals(db)) == 1


def test_two_sends_at_the_same_moment_make_one_referral(app, client, db):
    check = walk(client)
    cookie = client.get_cookie("session").value
    data = check.form_values()
    barrier, statuses = threading.Barrier(2), []

    def press_send() -> None:
        browser = app.test_client()
        browser.set_cookie("session", cookie)
        barrier.wait()
        statuses.append(browser.post(path(check), data=data).headers.get("Location"))

    threads = [threading.Thread(target=press_send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == ["/en/refer-yourself/confirmation"] * 2
    assert len(referrals(db)) == 1


def failing(statement):
    def fail(*_args, **_kwargs):
        raise OperationalError(statement, {}, Exception("could not write to disk"))

    return fail


def test_when_the_database_fails_nothing_is_confirmed_and_the_answers_are_kept(client, db, monkeypatch, settings):
    check = walk(client, locale="cy")
    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", failing("COMMIT"))
        page = client.submit(check, path(check), check.form_values(), expected_status=503)
    assert page.one("html")["lang"] == "cy"
    assert page.h1 != "Referral sent" and settings.scheme.phone in page.text()
    assert page.response.headers["Cache-Control"] == "no-store"
    assert referrals(db) == [] and messages(db) == []
    assert "Sam Jones" in client.get(path(check)).text()


def test_when_saving_the_referral_fails_the_problem_page_is_in_english_for_english_pages(client, db, monkeypatch):
    check = walk(client)
    flush = Session.flush

    def flush_failing_for_referrals(session, *args, **kwargs):
        if any(isinstance(item, Referral) for item in session.new):
            failing("INSERT INTO referral")()
        return flush(session, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Session, "flush", flush_failing_for_referrals)
        page = client.submit(check, path(check), check.form_values(), expected_status=503)
    assert page.h1 == "Sorry, there is a problem with the service"
    assert "still saved" in page.text()
    assert referrals(db) == []
    assert len(db.scalars(select(JourneyDraft)).all()) == 1


def test_an_answer_that_cannot_be_saved_never_moves_on_to_the_next_question(client, monkeypatch):
    page = client.get(f"/en/{SELF}")
    page = client.follow(client.submit(page, f"/en/{SELF}", {}, expected_status=303))
    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", failing("COMMIT"))
        shown = client.submit(page, path(page), {"who_for": "me"}, expected_status=500)
    assert shown.h1 == "Sorry, there is a problem with the service"


def test_a_filled_robot_trap_is_kept_and_marked_with_the_same_confirmation(client, db):
    check = walk(client)
    take_time(db)
    confirmation = send(client, check, website="http://cheap-pills.example")
    assert confirmation.h1 == "Referral sent"
    referral = referrals(db)[0]
    assert (referral.possible_spam, referral.spam_reasons) == (True, ["honeypot"])


def test_a_robot_trap_filled_on_any_question_is_remembered(client, db):
    page = client.get(f"/en/{SELF}")
    page = client.follow(client.submit(page, f"/en/{SELF}", {}, expected_status=303))
    page = client.follow(client.submit(page, path(page), {"urgent": "no", "website": "x"}, expected_status=303))
    check = answer_all(client, page, SELF_REFERRAL_ANSWERS[1:])
    take_time(db)
    send(client, check)
    assert referrals(db)[0].spam_reasons == ["honeypot"]


def test_sending_faster_than_a_person_could_is_kept_and_marked(client, db):
    send(client, walk(client))
    referral = referrals(db)[0]
    assert (referral.possible_spam, referral.spam_reasons) == (True, ["too_fast"])


def test_a_person_who_takes_their_time_is_not_marked(client, db):
    check = walk(client)
    take_time(db)
    send(client, check)
    assert referrals(db)[0].possible_spam is False


def test_too_many_sends_from_one_place_are_refused_and_the_answers_are_kept(app, client, db):
    with referral_settings(app, submit_limit="1 per hour"):
        send(client, walk(client))
        check = walk(client, CALLBACK)
        refused = client.submit(check, path(check), check.form_values(), expected_status=429)
    assert refused.h1 == "Your answers have not been sent yet"
    assert "0113 496 0123" in client.get(path(check)).text()
    assert len(referrals(db)) == 1


def test_the_send_limit_page_says_nothing_is_lost_when_to_try_again_and_how_to_call(app, client, db):
    with referral_settings(app, submit_limit="1 per hour"):
        send(client, walk(client))
        check = walk(client, CALLBACK)
        refused = client.submit(check, path(check), check.form_values(), expected_status=429)
    assert "Nothing is lost. We have kept your answers." in refused.text()
    assert "Try again in 60 minutes." in refused.text() or "Try again in 59 minutes." in refused.text()
    assert refused.one("main a[href^='tel:']")["href"] == "tel:0113 496 0000"
    assert refused.one("main a[href$='/check-your-answers']")["href"] == "/en/ask-for-a-call-back/check-your-answers"
    assert refused.response.headers["Cache-Control"] == "no-store"
    assert "We keep them for 24 hours after your last change." in refused.text()


def test_a_long_wait_at_the_send_limit_is_said_in_hours(app, client, db):
    with referral_settings(app, submit_limit="1 per day"):
        send(client, walk(client))
        check = walk(client, CALLBACK)
        refused = client.submit(check, path(check), check.form_values(), expected_status=429)
    assert "Try again in 24 hours." in refused.text()


def test_a_confirmation_text_is_queued_in_the_persons_language(client, db):
    check = walk(client, locale="cy")
    take_time(db)
    send(client, check)
    [message] = messages(db)
    reference = referrals(db)[0].reference
    assert (message.channel, message.recipient, message.locale) == (Channel.SMS, "+447911123456", "cy")
    assert message.template == "referral-confirmation"
    assert message.context["reference"] == spaced(reference)


def test_a_confirmation_email_is_queued_for_people_who_chose_email_and_agreed(client, db):
    answers = with_answers(
        SELF_REFERRAL_ANSWERS,
        contact={"contact_channel": "email", "email": "Sam@Example.COM"},
        safe_to_send={"safe_messages": ["email"]},
    )
    check = walk(client, answers=answers)
    take_time(db)
    send(client, check)
    [message] = messages(db)
    assert (message.channel, message.recipient, message.locale) == (Channel.EMAIL, "Sam@example.com", "en")


def test_no_confirmation_is_sent_without_agreement_to_texts(client, db):
    check = walk(client, answers=with_answers(SELF_REFERRAL_ANSWERS, safe_to_send={"safe_messages": ["none"]}))
    take_time(db)
    send(client, check)
    assert messages(db) == []


def test_no_confirmation_is_sent_to_people_who_asked_for_a_phone_call(client, db):
    check = walk(client, CALLBACK)
    take_time(db)
    send(client, check)
    assert messages(db) == []


def test_possible_spam_is_never_sent_a_message(client, db):
    send(client, walk(client))
    assert messages(db) == []


def test_an_urgent_referral_alerts_the_duty_inbox_without_personal_details(app, client, db, settings):
    check = walk(client, answers=URGENT_ANSWERS)
    send(client, check)
    [alert] = messages(db)
    referral = referrals(db)[0]
    assert (alert.recipient, alert.template, alert.locale) == (settings.duty_inbox, "urgent-referral-alert", "en")
    with app.test_request_context():
        rendered = render_message(alert.template, alert.channel, alert.locale, alert.context)
    assert (
        spaced(referral.reference) in rendered.subject and f"/en/triage/referrals/{referral.reference}" in rendered.body
    )
    for personal in ("Sam", "Jones", "lonely", "money", "LS6", "07911"):
        assert personal not in rendered.subject + rendered.body


def test_queued_messages_are_sent_by_the_outbox(app, client, db):
    check = walk(client, answers=URGENT_ANSWERS)
    take_time(db)
    send(client, check)
    backend = RecordingBackend()
    with app.app_context():
        assert send_due(backend).sent == 2
    assert {message.template for message in backend.sent} == {"referral-confirmation", "urgent-referral-alert"}


def test_the_confirmation_text_says_what_happens_next_in_welsh(app):
    with app.test_request_context():
        context = {"reference": "ACDE 3479", "kind": "self_referral", "working_days": 3}
        welsh = render_message("referral-confirmation", Channel.SMS, "cy", context)
        english = render_message("referral-confirmation", Channel.SMS, "en", context)
    assert "ACDE 3479" in welsh.body and welsh.body != english.body
    assert "3 working days" in english.body


def test_references_have_no_characters_that_look_alike():
    assert not set("IL1O0S5B8Z2") & set(ALPHABET)
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(len(reference) == 8 and set(reference) <= set(ALPHABET) for reference in references)


def test_erasing_personal_details_keeps_what_the_scheme_counts(client, db):
    send(client, walk(client))
    referral = referrals(db)[0]
    referral.erase_personal_details()
    db.commit()
    referral = referrals(db)[0]
    assert (referral.full_name, referral.phone, referral.postcode, referral.answers) == (None, None, None, None)
    assert referral.needs == ["lonely", "money"] and referral.outward_code == "LS6" and referral.reference
    assert db.scalar(select(func.count()).select_from(Referral)) == 1
