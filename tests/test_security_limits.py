"""What a person is told when a limit or an expired draft stops them: what happened, and whether
what they typed is kept (issue 10, also found). Only sends count against a public form's limit."""

from __future__ import annotations

from tests.referral_journeys import path, start
from tests.test_organisations_problems import arrange, report


def test_mistakes_in_a_public_form_do_not_count_against_its_limit(client, db):
    listing = arrange(db)
    for _ in range(6):
        assert report(client, listing, {"details": "No kind chosen"}).errors() == ["Select what is wrong"]
    assert report(client, listing, {"kind": "other"}).status == 303


def test_a_person_stopped_by_a_public_forms_limit_is_told_what_happened_and_when_to_try_again(app, client, db):
    app.config["ORGS_PUBLIC_FORM_LIMIT"] = "1 per hour"
    listing = arrange(db)
    assert report(client, listing, {"kind": "other"}).status == 303
    stopped = report(client, listing, {"kind": "other", "details": "Still wrong"})
    assert stopped.status == 429
    text = stopped.text()
    assert "Nothing was sent. What you typed was not kept" in text
    assert "Try again in 60 minutes, or call us instead." in text


def test_a_question_sent_after_the_answers_were_deleted_says_so(client, db):
    question = start(client)
    with client.session_transaction() as cookie:
        cookie["journey_draft"] = "a-draft-that-is-gone"
        cookie["journey_draft_until"] = 1
    told = client.follow(client.submit(question, path(question), {"urgent": "no"}, expected_status=303))
    assert told.h1 == "Your answers have been deleted" and "Nothing was sent" in told.text()
