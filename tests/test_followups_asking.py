"""Asking the person "Did you go?": after the group's first session, only with their consent
and by the channel they chose, in their language, with three one-tap answers that work once,
expire and name nothing about them."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from portal.followups.models import Answer, AnsweredBy, FollowUp
from portal.organisations.models import GroupReferralStatus
from portal.referrals.models import ReferralStatus
from tests.authz import sign_in_as
from tests.followups_helpers import FRIDAY_2PM, arrange, group_answers, messages, rendered, run_due, send
from tests.triage_helpers import clock_at, make_referral

ACCEPTED = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)  # Monday
FIRST_SESSION = datetime(2026, 3, 17, 10, 0, tzinfo=UTC)  # the Tuesday walk
A_WEEK_ON = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)


def accepted(app, db, **person):
    arranged = arrange(app, db, **person)
    sent = send(app, db, arranged, FRIDAY_2PM)
    group_answers(app, db, sent, GroupReferralStatus.ACCEPTED, ACCEPTED)
    return arranged, sent


def asked(app, db, **person):
    arranged, sent = accepted(app, db, **person)
    assert run_due(app, A_WEEK_ON).asked == 1
    [message] = messages(db, "how-did-it-go")
    return arranged, sent, message


def answer_path(message, number):
    return urlparse(message.context["links"][number - 1]).path


def test_the_first_session_is_the_groups_next_after_it_accepts(app, db):
    _arranged, sent = accepted(app, db)
    assert sent.first_session_at == FIRST_SESSION


def test_nobody_is_asked_before_the_set_number_of_days(app, db):
    accepted(app, db)
    assert run_due(app, A_WEEK_ON - timedelta(days=1)).asked == 0


def test_the_number_of_days_is_a_setting(app, db):
    accepted(app, db)
    app.config["FOLLOWUPS_DAYS_AFTER_FIRST_SESSION"] = 2
    assert run_due(app, FIRST_SESSION + timedelta(days=2, hours=1)).asked == 1


def test_the_person_is_asked_once_by_text_in_their_language(app, db):
    _arranged, _sent, message = asked(app, db, locale="cy")
    assert run_due(app, A_WEEK_ON + timedelta(hours=1)).asked == 0
    assert (message.channel, message.recipient, message.locale) == ("sms", "+447911123456", "cy")
    text = rendered(app, message)
    assert "Headingley Health Walk" in text.body
    links = message.context["links"]
    assert [urlparse(link).path.rsplit("/", 1)[1] for link in links] == ["1", "2", "3"]
    assert all(urlparse(link).path.startswith("/cy/how-it-went/") for link in links)
    assert all(len(urlparse(link).path.split("/")) == 5 and "?" not in link for link in links)  # token and answer only
    stored = FollowUp.token_hash.expression  # only the hash of the token is kept
    token = urlparse(links[0]).path.split("/")[3]
    assert db.scalar(select(FollowUp).where(stored == token)) is None


def test_texts_do_not_offer_replies_unless_notify_forwards_them(app, db):
    _arranged, _sent, message = asked(app, db)
    assert "reply 1, 2 or 3" not in rendered(app, message).body


def test_the_person_who_chose_email_is_emailed(app, db):
    _arranged, _sent, message = asked(
        app, db, contact_channel="email", email="sam@example.com", phone=None, may_send_texts=False,
        may_send_emails=True,
    )  # fmt: skip
    assert (message.channel, message.recipient) == ("email", "sam@example.com")
    assert rendered(app, message).subject.startswith("Did you go to Headingley Health Walk?")


@pytest.mark.parametrize(
    "person",
    [
        {"may_send_texts": False},  # chose texts, but did not agree to be sent them
        {"contact_channel": "phone"},  # chose phone calls: the holder asks them
        {"contact_channel": "email", "email": "sam@example.com", "may_send_emails": False},
        {"contact_channel": "sms", "phone": "+447700900123"},  # an example number from our hints
    ],
)
def test_nobody_is_asked_without_consent_or_by_another_channel(app, db, person):
    accepted(app, db, **person)
    assert run_due(app, A_WEEK_ON).asked == 0
    assert messages(db, "how-did-it-go") == []


def test_nobody_is_texted_at_night(app, db):
    accepted(app, db)
    assert run_due(app, datetime(2026, 3, 24, 21, 30, tzinfo=UTC)).asked == 0
    assert run_due(app, datetime(2026, 3, 25, 9, 30, tzinfo=UTC)).asked == 1


def test_nobody_is_asked_when_the_group_says_they_came_or_the_case_is_closed(app, db):
    arranged, sent = accepted(app, db)
    group_answers(app, db, sent, GroupReferralStatus.ATTENDED, FIRST_SESSION)
    assert run_due(app, A_WEEK_ON).asked == 0
    other = make_referral(app, db, contact_channel="sms", phone="+447911123457", may_send_texts=True,
                          holder_id=arranged.worker.id, status=ReferralStatus.CLOSED)  # fmt: skip
    arranged.person = other
    closed = send(app, db, arranged, FRIDAY_2PM)
    group_answers(app, db, closed, GroupReferralStatus.ACCEPTED, ACCEPTED)
    assert run_due(app, A_WEEK_ON).asked == 0


def test_opening_a_link_changes_nothing(client, app, db):
    _arranged, _sent, message = asked(app, db)
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 1))
    assert page.one("h1").get_text() == "Did you go to Headingley Health Walk?"
    assert "You chose: Yes" in page.text()
    assert page.response.headers["Cache-Control"] == "no-store"
    assert db.scalar(select(FollowUp.answered_at)) is None


@pytest.mark.parametrize(
    ("number", "answer", "words"),
    [
        (1, Answer.WENT, "We are glad you went."),
        (2, Answer.STILL_PLANNED, "We hope you can go soon."),
        (3, Answer.WANTS_CONTACT, "Someone from our team will contact you by 25 March 2026."),
    ],
)
def test_each_answer_is_recorded_and_confirmed(client, app, db, number, answer, words):
    _arranged, _sent, message = asked(app, db)
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, number))
        thanks = client.follow(client.submit(page, answer_path(message, number), {}, 303))
    assert thanks.h1 == "Thank you, we have your answer"
    assert words in thanks.text()
    follow_up = db.scalar(select(FollowUp))
    assert (follow_up.answer, follow_up.answered_by) == (answer, AnsweredBy.LINK)


def test_another_answer_can_be_chosen_on_the_page(client, app, db):
    _arranged, _sent, message = asked(app, db)
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 1))
        assert [button.get_text(strip=True) for button in page.select("main form button")] == [
            "Send my answer", "Not yet, I still want to", "No, I'd like to talk to someone",
        ]  # fmt: skip
        client.submit(page, answer_path(message, 2), {}, 303)
    assert db.scalar(select(FollowUp.answer)) == Answer.STILL_PLANNED


def test_the_answer_page_is_in_the_persons_language(client, app, db):
    _arranged, _sent, message = asked(app, db, locale="cy")
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 3))
        assert page.soup.html["lang"] == "cy"
        thanks = client.follow(client.submit(page, answer_path(message, 3), {}, 303))
    assert thanks.soup.html["lang"] == "cy"
    assert thanks.h1 != "Thank you, we have your answer"  # in Welsh


def test_a_link_works_once(client, app, db):
    _arranged, _sent, message = asked(app, db)
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 1))
        client.submit(page, answer_path(message, 1), {}, 303)
        again = client.get(answer_path(message, 3), expected_status=410)
        assert again.h1 == "You have already answered"
        client.submit(page, answer_path(message, 3), {}, 410)
    assert db.scalar(select(FollowUp.answer)) == Answer.WENT


def test_a_link_expires(client, app, db):
    _arranged, _sent, message = asked(app, db)
    with clock_at(app, A_WEEK_ON + timedelta(days=14, minutes=1)):
        assert client.get(answer_path(message, 1), expected_status=410).h1 == "This link has expired"


def test_a_made_up_link_does_not_work(client, app, db):
    asked(app, db)
    assert client.get("/en/how-it-went/not-a-real-token/1", expected_status=404).h1 == "This link does not work"
    client.get("/en/how-it-went/not-a-real-token/4", expected_status=404)
    client.get(f"/en/how-it-went/{'x' * 5000}/1", expected_status=404)


def test_asking_to_talk_puts_the_case_at_the_top_of_the_holders_caseload(client, app, db):
    arranged, _sent, message = asked(app, db)
    earlier = make_referral(app, db, holder_id=arranged.worker.id, status="in_support")
    earlier.next_review_on = datetime(2026, 3, 20).date()
    db.commit()
    sign_in_as(client, db, arranged.worker)
    with clock_at(app, A_WEEK_ON):
        before = client.get("/en/triage/caseload")
        assert before.select("tbody th a")[0].get_text() == earlier.reference
        page = client.get(answer_path(message, 3))
        client.post(answer_path(message, 3), {"csrf_token": page.csrf_token()})
        caseload = client.get("/en/triage/caseload")
    first = caseload.select("tbody tr")[0]
    assert first.select_one("th a").get_text() == arranged.person.reference
    assert "Asked to talk: call by 25 Mar 2026, 11:00" in first.get_text(" ", strip=True)
    with clock_at(app, A_WEEK_ON):
        case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
    assert "They asked to talk to someone" in case.text(".group-referrals")


def test_once_the_holder_reaches_them_the_request_is_done(client, app, db):
    arranged, _sent, message = asked(app, db)
    sign_in_as(client, db, arranged.worker)
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 3))
        client.post(answer_path(message, 3), {"csrf_token": page.csrf_token()})
        case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
        db.refresh(arranged.person)
        url = f"/en/triage/referrals/{arranged.person.reference}/contact-attempts"
        client.submit(case, url, {"version": str(arranged.person.version), "method": "phone", "outcome": "spoke"}, 303)
        assert "Asked to talk" not in client.get("/en/triage/caseload").text()


def test_asking_to_talk_after_the_case_closed_opens_it_again(client, app, db):
    arranged, _sent, message = asked(app, db)
    arranged.person.status, arranged.person.closing_reason = ReferralStatus.CLOSED, "referred_to_group"
    db.commit()
    with clock_at(app, A_WEEK_ON):
        page = client.get(answer_path(message, 3))
        client.post(answer_path(message, 3), {"csrf_token": page.csrf_token()})
    db.refresh(arranged.person)
    assert (arranged.person.status, arranged.person.closing_reason) == (ReferralStatus.IN_SUPPORT, None)
