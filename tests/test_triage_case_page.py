"""The case page at a glance: the summary header first, a timeline of everything that happened,
saves that keep the worker where they were (htmx in place, or the section's anchor), and
"Not spam" for a real person's referral that the spam checks caught."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.outbox.models import OutboxMessage
from portal.referrals.models import ReferralKind
from tests.authz import make_user, sign_in_as
from tests.harness import Page
from tests.triage_helpers import WEDNESDAY_NOON, clock_at, make_referral
from tests.triage_helpers import case_url as url
from tests.triage_helpers import save_case_form as save

HTMX = {"HX-Request": "true"}


@pytest.fixture
def worker(db):
    return make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker")


@pytest.fixture
def held(app, db, worker):
    return make_referral(
        app,
        db,
        holder_id=worker.id,
        status="in_triage",
        full_name="Amira Khan",
        phone="+447911123456",
        phone_as_typed="07911 123456",
        contact_channel="sms",
        may_send_texts=True,
        may_leave_voicemail=True,
        urgent=True,
        interpreter_needed=True,
    )


@pytest.fixture
def signed_in(client, db, worker):
    sign_in_as(client, db, worker)
    return client


def version_of(page):
    return page.select("input[name=version]")[0]["value"]


def save_with_htmx(client, referral, action, data, expected_status=200, shown=None):
    """As htmx posts it: the answer is the case alone, not a whole page."""
    page = shown or client.get(url(referral))
    form = {"csrf_token": page.csrf_token(), "version": version_of(page), **data}
    response = client.client.post(url(referral, action), data=form, headers=HTMX)
    assert response.status_code == expected_status
    return Page(response)


def test_the_summary_comes_first_with_name_phone_reference_status_holder_due_flags_and_consent(signed_in, held):
    page = signed_in.get(url(held))
    summary = page.one("#summary")
    text = summary.get_text(" ")
    for expected in ("Amira Khan", held.reference, "In triage", "You", "Urgent", "Needs an interpreter"):
        assert expected in text, expected
    assert summary.select_one("a[href='tel:+447911123456']").get_text() == "07911 123456"
    assert "Text message preferred" in text and "Safe to send: Voicemail messages, Text messages" in text
    assert "Due by" in text
    sections = [section["id"] for section in page.select("main section[id]")]
    assert sections[:2] == ["summary", "timeline"]


def test_someone_who_agreed_to_nothing_is_shown_so(app, db, signed_in, worker):
    referral = make_referral(app, db, holder_id=worker.id, status="in_triage")
    assert "Nothing may be left or sent" in signed_in.get(url(referral)).text("#summary")


def test_the_timeline_tells_everything_that_happened_newest_first_and_leaves_out_looking(app, db, signed_in, held):
    with clock_at(app, WEDNESDAY_NOON + timedelta(hours=1)):
        save(signed_in, held, "contact-attempts", {"method": "phone", "outcome": "no_answer"})
    with clock_at(app, WEDNESDAY_NOON + timedelta(hours=2)):
        save(signed_in, held, "notes", {"body": "Left a message with her daughter."})
    save(signed_in, held, "status", {"status": "in_support"})
    save(signed_in, held, "urgent", {"urgent": "no"})
    items = [item.get_text(" ", strip=True) for item in signed_in.get(url(held)).select(".timeline__item")]
    whats = [item.split(" ")[0] for item in items]
    assert any("No longer marked as urgent" in item for item in items)
    assert any("Status changed to In support" in item for item in items)
    assert any(item.startswith("Note") and "Left a message with her daughter." in item for item in items)
    assert any("Phone call: No answer" in item and "Sam Worker" in item for item in items)
    assert items[-1].startswith("Received: Self-referral")
    assert not any("Looked at" in item for item in items) and whats
    assert "No longer marked as urgent" in items[0]  # the newest first


def test_a_save_without_javascript_comes_back_to_its_section_with_the_message_there(signed_in, held):
    response = save(signed_in, held, "notes", {"body": "Called back."})
    assert response.response.headers["Location"].endswith(f"{url(held)}#note")
    page = signed_in.follow(response)
    assert "Note added." in page.text("#note")
    assert "Note added." not in page.text("#summary")


def test_a_save_with_htmx_sends_back_the_case_with_the_message_in_its_section(signed_in, held):
    response = save_with_htmx(signed_in, held, "contact-attempts", {"method": "sms", "outcome": "text_sent"})
    body = response.html
    assert "<html" not in body and 'id="summary"' in body
    assert "Contact attempt recorded." in response.text("#contact")
    assert 'hx-swap-oob="innerHTML:#case-news">Contact attempt recorded.<' in body
    assert "HX-Request" in response.response.headers["Vary"]
    assert "Text message: Text sent" in response.text("#timeline")
    assert version_of(response) == str(held.version + 1)  # every form carries the new version


def test_a_stale_save_with_htmx_says_so_in_its_section(signed_in, held):
    page = signed_in.get(url(held))
    save(signed_in, held, "notes", {"body": "First."})
    refused = save_with_htmx(signed_in, held, "notes", {"body": "Second."}, 409, shown=page)
    assert "Someone else changed this referral" in refused.text("#note")


def test_a_form_error_with_htmx_is_shown_next_to_the_field(signed_in, held):
    page = save_with_htmx(signed_in, held, "notes", {"body": " "})
    assert "Enter the note" in page.text("#note")


def test_the_contact_form_starts_with_the_way_they_asked_to_be_contacted(signed_in, held):
    page = signed_in.get(url(held))
    assert page.one("input[name=method][checked]")["value"] == "sms"


def test_the_case_page_forms_save_in_place_and_work_without_javascript(signed_in, held):
    page = signed_in.get(url(held))
    for form in page.select("#case form[hx-post]"):
        assert form["action"] == form["hx-post"] and form["method"] == "post"
        assert form.select_one("input[name=csrf_token]") and form.select_one("input[name=version]")


@pytest.fixture
def possible_spam(app, db, worker):
    return make_referral(
        app,
        db,
        holder_id=worker.id,
        status="in_triage",
        possible_spam=True,
        spam_reasons=["too_fast"],
        contact_channel="sms",
        may_send_texts=True,
        phone="+447911123456",
        submitted_at=WEDNESDAY_NOON,
    )


def test_not_spam_gives_the_referral_its_usual_time_limit_and_the_confirmation_it_missed(
    app, db, signed_in, possible_spam
):
    spam_due = possible_spam.due_at
    response = save(signed_in, possible_spam, "not-spam", {})
    db.refresh(possible_spam)
    assert not possible_spam.possible_spam and possible_spam.spam_reasons == ["too_fast"]
    assert possible_spam.due_at == WEDNESDAY_NOON + timedelta(days=5) < spam_due  # 3 working days, not 5
    sent = db.scalars(select(OutboxMessage).where(OutboxMessage.template == "referral-confirmation")).all()
    assert [message.recipient for message in sent] == ["+447911123456"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "triage.spam_cleared"))
    assert event.subject_id == possible_spam.reference and event.detail == {"reasons": ["too_fast"]}
    page = signed_in.follow(response)
    assert "Marked as not spam" in page.text("#summary")
    assert "Marked a referral as not spam" in page.text("#timeline")
    assert not page.select("form[action$='/not-spam']")


def test_not_spam_is_offered_only_for_possible_spam(app, db, signed_in, held, possible_spam):
    assert signed_in.get(url(possible_spam)).select("form[action$='/not-spam']")
    assert not signed_in.get(url(held)).select("form[action$='/not-spam']")
    save(signed_in, held, "not-spam", {})
    assert not db.scalar(select(AuditEvent).where(AuditEvent.action == "triage.spam_cleared"))


def test_not_spam_needs_the_holder_or_a_coordinator_and_a_csrf_token(app, db, client, possible_spam):
    other = make_user(db, "other@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, other)
    page = client.get(url(possible_spam))
    assert not page.select("form[action$='/not-spam']")
    version = str(possible_spam.version)
    client.submit(page, url(possible_spam, "not-spam"), {"version": version}, expected_status=403)
    sign_in_as(client, db, make_user(db, "boss@example.org", Role.COORDINATOR))
    client.post(url(possible_spam, "not-spam"), {"version": version}, expected_status=400)
    db.refresh(possible_spam)
    assert possible_spam.possible_spam


def test_not_spam_on_a_closed_referral_is_refused(app, db, signed_in, worker):
    closed = make_referral(app, db, holder_id=worker.id, status="closed", possible_spam=True)
    page = signed_in.get(url(closed))
    signed_in.submit(page, url(closed, "not-spam"), {"version": "1"}, expected_status=409)


def test_a_call_back_marked_not_spam_is_due_the_next_working_day(app, db, signed_in, worker):
    callback = make_referral(
        app, db, kind=ReferralKind.CALLBACK, holder_id=worker.id, status="in_triage", possible_spam=True
    )
    save(signed_in, callback, "not-spam", {})
    db.refresh(callback)
    assert callback.due_at == WEDNESDAY_NOON + timedelta(days=1)


@pytest.mark.parametrize("reference", ["A" * 9, "A" * 500])
def test_a_reference_longer_than_any_reference_is_not_found(signed_in, reference):
    signed_in.get(f"/en/triage/referrals/{reference}", expected_status=404)
