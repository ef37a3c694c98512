"""Answers are kept on the server while a person fills them in, for at least 20 hours, and
forgotten when they are sent, when the person exits, and when their time is up."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.referrals.models import JourneyDraft, ReferralKind
from tests.referral_journeys import CALLBACK, SELF_REFERRAL_ANSWERS, answer_all, draft, path, send, start, walk


def drafts(db):
    db.expire_all()
    return db.scalars(select(JourneyDraft)).all()


def last_changed(db, hours_ago):
    """As if the person's last answer was given `hours_ago` (drafts last 24 hours from then)."""
    for found in drafts(db):
        found.expires_at = utcnow() + timedelta(hours=24 - hours_ago)
    db.commit()


def test_answers_live_on_the_server_and_the_cookie_holds_only_a_token(app, client, db):
    answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    with client.session_transaction() as session:
        assert set(session) <= {"csrf_token", "journey_draft", "journey_draft_until", "locale", "_permanent"}
        assert isinstance(session["journey_draft_until"], int)
        assert session["journey_draft"] == draft(db).token
    assert draft(db).answers["full_name"] == "Sam Jones"


def test_answers_are_kept_for_20_hours_after_the_last_change(client, db):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    last_changed(db, hours_ago=20)
    assert client.get(path(page)).h1 == "How would you like us to contact you?"
    assert client.get("/en/refer-yourself/name").one("#full_name")["value"] == "Sam Jones"


def expire_in_the_browser(client):
    """As if the browser's copy of when its answers expire has passed, as the database's has."""
    with client.session_transaction() as session:
        session["journey_draft_until"] = int(utcnow().timestamp()) - 60


def test_answers_are_forgotten_24_hours_after_the_last_change(client, db):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    last_changed(db, hours_ago=24)
    expire_in_the_browser(client)
    deleted = "/en/refer-yourself/answers-deleted"
    assert client.get(path(page), expected_status=302).response.headers["Location"] == deleted
    fresh = start(client)
    assert path(fresh).endswith("/urgent")
    assert [found.answers for found in drafts(db)] == [{}]


def test_each_answer_keeps_the_draft_for_another_24_hours(client, db):
    page = start(client)
    last_changed(db, hours_ago=23)
    answer_all(client, page, SELF_REFERRAL_ANSWERS[:1])
    assert draft(db).expires_at > utcnow() + timedelta(hours=23, minutes=59)


def test_purge_drafts_deletes_only_drafts_whose_time_is_up(app, client, db):
    start(client)
    other = app.test_client()
    other.post("/en/ask-for-a-call-back", data={"csrf_token": _token(other)})
    db.scalars(select(JourneyDraft)).all()[0].expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    result = app.test_cli_runner().invoke(args=["referrals", "purge-drafts"])
    assert result.exit_code == 0 and "Deleted 1 expired drafts." in result.output
    assert len(drafts(db)) == 1


def _token(browser):
    from tests.harness import Page

    return Page(browser.get("/en/ask-for-a-call-back")).csrf_token()


def test_exit_this_page_deletes_the_answers(client, db):
    answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:4])
    start(client, CALLBACK)
    client.get("/exit", expected_status=303)
    assert drafts(db) == []
    assert client.get("/en/refer-yourself/name", expected_status=302)


def test_sending_deletes_every_draft_of_this_browser(client, db):
    answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:3])
    send(client, walk(client, CALLBACK))
    assert drafts(db) == []


def test_starting_again_after_sending_begins_with_no_answers(client, db):
    send(client, walk(client))
    page = start(client)
    assert path(page).endswith("/urgent")
    assert draft(db, ReferralKind.SELF_REFERRAL).answers == {}
    assert client.get("/en/refer-yourself/confirmation", expected_status=302)


def test_a_person_whose_answers_expired_is_told_they_were_deleted_and_can_start_again(client, db):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    last_changed(db, hours_ago=25)
    expire_in_the_browser(client)
    told = client.follow(client.get(path(page), expected_status=302))
    assert told.h1 == "Your answers have been deleted"
    assert "Nothing was sent" in told.text() and "24 hours after your last change" in told.text()
    assert told.one("main a[href^='tel:']")
    again = client.follow(client.submit(told, "/en/refer-yourself", {}, expected_status=303))
    assert path(again).endswith("/urgent")
    assert draft(db).answers == {}


def test_sending_an_expired_draft_says_the_answers_were_deleted(client, db):
    check = walk(client, CALLBACK)
    last_changed(db, hours_ago=25)
    expire_in_the_browser(client)
    refused = client.submit(check, path(check), check.form_values(), expected_status=303)
    assert refused.response.headers["Location"] == "/en/ask-for-a-call-back/answers-deleted"


def test_answers_sent_or_exited_are_not_called_expired(client, db):
    answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:2])
    client.get("/exit", expected_status=303)
    page = client.get("/en/refer-yourself/who-for", expected_status=302)
    assert page.response.headers["Location"] == "/en/refer-yourself"
    client.get("/en/refer-yourself/answers-deleted", expected_status=302)


def test_the_browser_remembers_its_answers_long_enough_to_say_they_were_deleted(app):
    assert app.permanent_session_lifetime.total_seconds() > app.config["SETTINGS"].referrals.draft_hours * 3600


def test_the_cookies_page_says_how_long_the_session_cookie_lasts(app, client):
    hours = int(app.permanent_session_lifetime.total_seconds() // 3600)
    row = next(row for row in client.get("/en/cookies").select("tbody tr") if row.td.get_text() == "session")
    assert row.select("td")[-1].get_text(strip=True) == f"{hours} hours"
