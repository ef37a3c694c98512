"""Replies to "Did you go?" by text, through GOV.UK Notify's callback for received text
messages (a recorded payload, with Notify's bearer token): 1, 2 or 3 answers; other words
ask for a call; a retried callback counts once; anyone else is refused."""

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.followups.models import Answer, AnsweredBy, FollowUp, InboundText
from tests.test_followups_asking import A_WEEK_ON, asked
from tests.triage_helpers import clock_at

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "notify" / "received-text.json").read_text())
TOKEN = "notify-callback-token-for-tests"
URL = "/notify/received-text"


@pytest.fixture
def notify(app):
    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = replace(settings, outbox_backend="notify", notify_inbound_token=TOKEN)
    yield
    app.config["SETTINGS"] = settings


def post(client, payload, token=TOKEN, at=A_WEEK_ON + timedelta(minutes=15)):
    with clock_at(client.application, at):
        return client.client.post(URL, json=payload, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.usefixtures("notify")
def test_texts_invite_a_reply_when_notify_forwards_replies(app, db):
    from tests.followups_helpers import rendered

    _arranged, _sent, message = asked(app, db)
    assert "Or reply 1, 2 or 3 to this text." in rendered(app, message).body


@pytest.mark.usefixtures("notify")
@pytest.mark.parametrize(
    ("words", "answer", "by"),
    [
        ("3", Answer.WANTS_CONTACT, AnsweredBy.TEXT_REPLY),
        ("1", Answer.WENT, AnsweredBy.TEXT_REPLY),
        (" 2. thanks", Answer.STILL_PLANNED, AnsweredBy.TEXT_REPLY),
        ("٢", Answer.STILL_PLANNED, AnsweredBy.TEXT_REPLY),  # typed in Arabic-Indic digits
        ("Can someone ring me please", Answer.WANTS_CONTACT, AnsweredBy.TEXT_IN_WORDS),
        ("12", Answer.WANTS_CONTACT, AnsweredBy.TEXT_IN_WORDS),
    ],
)
def test_a_reply_answers_the_question(client, app, db, words, answer, by):
    asked(app, db)
    response = post(client, {**RECORDED, "message": words})
    assert response.status_code == 204
    follow_up = db.scalar(select(FollowUp))
    assert (follow_up.answer, follow_up.answered_by) == (answer, by)


@pytest.mark.usefixtures("notify")
def test_a_reply_to_talk_puts_the_case_on_the_holders_list(client, app, db):
    from tests.authz import sign_in_as

    arranged, _sent, _message = asked(app, db)
    assert post(client, RECORDED).status_code == 204
    sign_in_as(client, db, arranged.worker)
    with clock_at(app, A_WEEK_ON + timedelta(minutes=16)):
        first = client.get("/en/triage/caseload").select("tbody tr")[0]
    assert arranged.person.reference in first.get_text() and "Asked to talk" in first.get_text()


@pytest.mark.usefixtures("notify")
def test_a_retried_callback_counts_once(client, app, db):
    asked(app, db)
    assert post(client, RECORDED).status_code == 204
    assert post(client, {**RECORDED, "message": "1"}).status_code == 204
    assert db.scalar(select(FollowUp.answer)) == Answer.WANTS_CONTACT
    assert len(db.scalars(select(InboundText)).all()) == 1


@pytest.mark.usefixtures("notify")
def test_a_second_reply_after_answering_changes_nothing(client, app, db):
    asked(app, db)
    post(client, RECORDED)
    post(client, {**RECORDED, "id": "a-second-message", "message": "1"})
    assert db.scalar(select(FollowUp.answer)) == Answer.WANTS_CONTACT


@pytest.mark.usefixtures("notify")
def test_a_reply_from_an_unknown_number_or_after_expiry_is_kept_but_answers_nothing(client, app, db):
    asked(app, db)
    assert post(client, {**RECORDED, "source_number": "447911000000"}).status_code == 204
    assert post(client, {**RECORDED, "id": "late"}, at=A_WEEK_ON + timedelta(days=15)).status_code == 204
    assert db.scalar(select(FollowUp.answered_at)) is None
    kept = db.scalars(select(InboundText)).all()
    assert [row.follow_up_id for row in kept] == [None, None]


@pytest.mark.usefixtures("notify")
def test_only_notify_is_listened_to(client, app, db):
    asked(app, db)
    assert post(client, RECORDED, token="a-guess").status_code == 401
    assert client.client.post(URL, json=RECORDED).status_code == 401
    assert db.scalar(select(FollowUp.answered_at)) is None


def test_nothing_is_listened_to_when_no_token_is_set(client, app, db):
    asked(app, db)
    assert post(client, RECORDED, token="").status_code == 401


@pytest.mark.usefixtures("notify")
@pytest.mark.parametrize("payload", [[], {"id": "x"}, {**RECORDED, "id": ""}, {**RECORDED, "message": 3}])
def test_a_payload_that_is_not_notifys_is_refused(client, app, db, payload):
    assert post(client, payload).status_code == 400
