"""The case page: answers as sent, contact attempts, notes, statuses, closing, flags, stale edits."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.triage.models import CaseNote, ContactAttempt
from tests.authz import make_user, sign_in_as
from tests.triage_helpers import WEDNESDAY_NOON, clock_at, make_referral
from tests.triage_helpers import case_url as url
from tests.triage_helpers import save_case_form as submit


@pytest.fixture
def worker(db):
    return make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker")


@pytest.fixture
def held(app, db, worker):
    return make_referral(app, db, holder_id=worker.id, status="in_triage")


@pytest.fixture
def signed_in(client, db, worker):
    sign_in_as(client, db, worker)
    return client


def actions(db):
    return [event.action for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_answers_are_shown_exactly_as_sent(app, db, signed_in):
    referral = make_referral(
        app, db, answers={"what_matters": "Meeting people <b>again</b>", "needs": ["lonely", "money"]}
    )
    page = signed_in.get(url(referral))
    answers = page.text(".triage-answers")
    assert "Meeting people <b>again</b>" in answers


def test_the_answers_are_labelled_with_their_questions_in_the_page_language(app, db, signed_in):
    referral = make_referral(app, db, answers={"who_for": "me", "needs": ["lonely"], "full_name": "Sam Jones"})
    keys = signed_in.get(url(referral)).select(".triage-answers dt")
    assert "who_for" not in " ".join(key.get_text() for key in keys)
    welsh = signed_in.get("/cy" + url(referral)[3:]).text(".triage-answers")
    assert "Sam Jones" in welsh and "who_for" not in welsh


def test_viewing_a_case_is_audited_and_never_cached(app, db, signed_in, held):
    response = signed_in.get(url(held)).response
    assert response.headers["Cache-Control"] == "no-store"
    assert "triage.referral_viewed" in actions(db)


def test_a_failed_contact_attempt_pauses_the_clock(app, db, signed_in, held):
    with clock_at(app, WEDNESDAY_NOON):
        submit(signed_in, held, "contact-attempts", {"method": "phone", "outcome": "no_answer"})
    db.refresh(held)
    assert held.status == "contact_attempted" and held.paused_at == WEDNESDAY_NOON
    assert "Clock paused" in signed_in.get(url(held)).text()


def test_reaching_the_person_moves_the_case_into_support_and_the_due_time_on_by_the_pause(app, db, signed_in, held):
    due = held.due_at
    with clock_at(app, WEDNESDAY_NOON):
        submit(signed_in, held, "contact-attempts", {"method": "phone", "outcome": "no_answer"})
    with clock_at(app, WEDNESDAY_NOON + timedelta(hours=5)):
        submit(signed_in, held, "contact-attempts", {"method": "phone", "outcome": "spoke"})
    db.refresh(held)
    assert held.status == "in_support" and held.paused_at is None
    assert held.due_at == due + timedelta(hours=5)
    assert len(db.scalars(select(ContactAttempt)).all()) == 2


def test_unable_to_contact_is_offered_only_after_three_failed_attempts(app, db, signed_in, held):
    for outcome in ("no_answer", "voicemail"):
        submit(signed_in, held, "contact-attempts", {"method": "phone", "outcome": outcome})
    assert not signed_in.get(url(held)).select("input[name=reason][value=unable_to_contact]")
    submit(signed_in, held, "contact-attempts", {"method": "sms", "outcome": "text_sent"})
    assert signed_in.get(url(held)).select("input[name=reason][value=unable_to_contact]")


def test_closing_as_unable_to_contact_too_early_is_refused(app, db, signed_in, held):
    page = submit(signed_in, held, "close", {"reason": "unable_to_contact"}, expected_status=200)
    assert page.errors() and page.title.startswith("Error:")


def test_notes_are_added_with_author_and_time_and_never_changed(app, db, signed_in, held):
    with clock_at(app, WEDNESDAY_NOON):
        submit(signed_in, held, "notes", {"body": "Left a message with their daughter."})
    note = db.scalar(select(CaseNote))
    assert (note.body, note.author.name, note.written_at) == (
        "Left a message with their daughter.",
        "Sam Worker",
        WEDNESDAY_NOON,
    )
    assert "Left a message with their daughter." in signed_in.get(url(held)).text()


def test_an_empty_note_gets_a_clear_error(app, db, signed_in, held):
    page = submit(signed_in, held, "notes", {"body": "  "}, expected_status=200)
    assert page.errors() == ["Enter the note"]


@pytest.mark.parametrize("status", ["in_triage", "contact_attempted", "in_support"])
def test_each_status_can_be_chosen(app, db, signed_in, held, status):
    submit(signed_in, held, "status", {"status": status})
    db.refresh(held)
    assert held.status == status
    assert "triage.status_changed" in actions(db)


def test_a_review_date_is_kept_and_shown_on_my_caseload(app, db, signed_in, held):
    submit(signed_in, held, "status", {"status": "in_support", "next_review_on": "2026-04-01"})
    caseload = signed_in.get("/en/triage/caseload")
    assert held.reference in caseload.text() and "1 April 2026" in caseload.text()


def test_closing_needs_a_reason_and_records_it(app, db, signed_in, held):
    submit(signed_in, held, "close", {"reason": "supported"})
    db.refresh(held)
    assert (held.status, held.closing_reason) == ("closed", "supported") and held.closed_at is not None
    assert held.reference not in signed_in.get("/en/triage").text()


def test_urgent_can_be_set_and_cleared(app, db, signed_in, held):
    submit(signed_in, held, "urgent", {"urgent": "yes"})
    db.refresh(held)
    assert held.urgent
    submit(signed_in, held, "urgent", {"urgent": "no"})
    db.refresh(held)
    assert not held.urgent


def test_a_safeguarding_concern_needs_a_note_and_who_was_told(app, db, signed_in, held):
    page = submit(signed_in, held, "safeguarding", {"concern": "", "escalated_to": ""}, expected_status=200)
    assert page.errors() == ["Enter what the concern is", "Enter who you told about the concern"]


def test_a_safeguarding_concern_records_the_escalation_and_every_later_view(app, db, signed_in, held):
    with clock_at(app, WEDNESDAY_NOON):
        submit(
            signed_in, held, "safeguarding", {"concern": "Mentioned being hurt at home.", "escalated_to": "Duty lead"}
        )
    note = db.scalar(select(CaseNote).where(CaseNote.safeguarding.is_(True)))
    assert (note.escalated_to, note.escalated_at) == ("Duty lead", WEDNESDAY_NOON)
    page = signed_in.get(url(held))
    assert "Safeguarding concern" in page.text()
    assert actions(db).count("triage.safeguarding_viewed") >= 1


def test_an_edit_made_on_an_old_copy_is_refused_with_the_current_state(app, db, signed_in, held):
    page = signed_in.get(url(held))
    old_version = page.select("input[name=version]")[0]["value"]
    submit(signed_in, held, "notes", {"body": "First note."})
    refused = signed_in.submit(
        page, url(held, "notes"), {"version": old_version, "body": "Second note."}, expected_status=409
    )
    assert "Someone else changed this referral" in refused.text()
    assert "First note." in refused.text()
    assert [note.body for note in db.scalars(select(CaseNote))] == ["First note."]
    assert "triage.stale_edit_refused" in actions(db)


def test_a_link_worker_who_does_not_hold_it_cannot_change_it(app, db, client, held):
    other = make_user(db, "other@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, other)
    page = client.get(url(held))
    assert not page.select("form[action$='/notes']")
    client.submit(page, url(held, "notes"), {"version": str(held.version), "body": "x"}, expected_status=403)


def test_a_coordinator_sees_the_whole_teams_caseload(app, db, client, held, worker):
    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    page = client.get("/en/triage/caseload")
    assert page.h1 == "The team's caseload" and held.reference in page.text() and "Sam Worker" in page.text()
