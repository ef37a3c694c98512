"""Subject access: a coordinator finds every record about a person by what they tell us, and
exports it readable and as JSON: everything held about them, and nothing about anyone else."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.gp_record.models import CaseIdentity, CodedEvent, GpConsent, GpMessage
from portal.organisations.models import GroupReferral
from portal.outbox.models import Channel, OutboxMessage
from portal.triage.models import Assessment, CaseNote, ContactAttempt, PlanAction, WellbeingPlan, WellbeingScore
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing
from tests.triage_helpers import WEDNESDAY_NOON, case_url, make_referral

URL = "/en/data-protection/subject-access"
NHS_NUMBER = "9434765919"
BORN = date(1950, 5, 17)


@pytest.fixture
def coordinator(client, db):
    user = make_user(db, "cora@example.org", Role.COORDINATOR)
    sign_in_as(client, db, user)
    return client


def with_everything(db, referral, walk, words):
    """One of each kind of record, each carrying `words` so the export can be searched for it."""
    at = referral.submitted_at
    db.add_all(
        [
            CaseNote(referral_id=referral.id, body=f"Note: {words}", written_at=at),
            ContactAttempt(referral_id=referral.id, method="phone", outcome="spoke", made_at=at),
            Assessment(referral_id=referral.id, needs=f"Needs: {words}", barriers=["transport"]),
            WellbeingPlan(referral_id=referral.id, goals=f"Goals: {words}"),
            PlanAction(referral_id=referral.id, what=f"Action: {words}", who="Link worker"),
            WellbeingScore(referral_id=referral.id, stage="baseline", question="happiness", score=3, recorded_at=at),
            GroupReferral(
                referral_id=referral.id,
                listing_id=walk.id,
                organisation_id=walk.organisation_id,
                person_name=referral.full_name,
                preferred_contact="07911 123456",
                note=f"Group note: {words}",
                consent_recorded_at=at,
            ),
            GpConsent(referral_id=referral.id, sharing="full", asked_how="phone", recorded_at=at),
            CodedEvent(referral_id=referral.id, code="871731000000106", recorded_at=at),
            GpMessage(referral_id=referral.id, practice_code="X27", route="print", content={"what_matters": words}),
            OutboxMessage(
                channel=Channel.EMAIL,
                recipient=f"{words.split()[0].lower()}@example.org",
                template="referral-confirmation",
                locale="en",
                context={"reference": referral.reference},
                dedupe_key=f"referral-{referral.reference}-confirmation",
            ),
        ]
    )
    db.commit()


@pytest.fixture
def two_referrals_and_a_stranger(app, db):
    walk = listing(db)
    first = make_referral(
        app, db, full_name="Rosa Kowalska", date_of_birth=BORN, status="closed", closed_at=WEDNESDAY_NOON,
        email="rosa@example.org", email_as_typed="Rosa@example.org",
    )  # fmt: skip
    second = make_referral(
        app, db, full_name="Rosa Kowalska", date_of_birth=BORN, phone="+447700900982",
        submitted_at=WEDNESDAY_NOON + timedelta(days=40),
    )  # fmt: skip
    stranger = make_referral(app, db, full_name="Stan Stranger", date_of_birth=BORN, phone="+447700900123")
    with_everything(db, first, walk, "Rosa first allotment")
    with_everything(db, second, walk, "Rosa second choir")
    with_everything(db, stranger, walk, "Stranger secret darts")
    db.add(CaseIdentity(referral_id=first.id, nhs_number=NHS_NUMBER))
    db.add(
        AuditEvent(
            action="triage.referral_viewed",
            subject_type="referral",
            subject_id=first.reference,
            actor_email="sam@x.org",
        )
    )
    db.add(
        AuditEvent(
            action="triage.referral_viewed",
            subject_type="referral",
            subject_id=stranger.reference,
            actor_email="eve@x.org",
        )
    )
    db.commit()
    return first, second, stranger


def search(client, **details):
    page = client.get(URL)
    return client.submit(page, URL, details)


def export(client, found, export_format, references):
    return client.post(
        f"{URL}/export",
        {**found.form_values("form[action$='/export']"), "references": references, "export_format": export_format},
    )


def test_a_name_with_a_date_of_birth_finds_both_referrals_and_not_the_stranger(
    coordinator, two_referrals_and_a_stranger
):
    first, second, _ = two_referrals_and_a_stranger
    found = search(coordinator, full_name="  rosa  KOWALSKA ", date_of_birth="1950-05-17")
    assert found.status == 200
    assert found.one("#found").get_text() == "2 referrals found"
    boxes = [box["value"] for box in found.select("input[name=references]")]
    assert boxes == [first.reference, second.reference]
    assert "no-store" in found.response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"phone": "07700 900982"}, "second"),
        ({"email": "ROSA@example.org"}, "first"),
        ({"nhs_number": "943 476 5919"}, "first"),
    ],
)
def test_a_phone_number_an_email_address_or_an_nhs_number_finds_the_referral_it_is_on(
    coordinator, two_referrals_and_a_stranger, details, expected
):
    first, second, _ = two_referrals_and_a_stranger
    found = search(coordinator, **details)
    wanted = {"first": first, "second": second}[expected]
    assert [box["value"] for box in found.select("input[name=references]")] == [wanted.reference]


def test_a_reference_finds_its_referral(coordinator, two_referrals_and_a_stranger):
    first, *_ = two_referrals_and_a_stranger
    found = search(coordinator, reference=first.reference.lower())
    assert [box["value"] for box in found.select("input[name=references]")] == [first.reference]


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({}, "Enter a name and date of birth, a phone number, an email address, an NHS number or a reference"),
        ({"full_name": "Rosa Kowalska"}, "Enter their date of birth too: a name alone can match someone else"),
        ({"date_of_birth": "1950-05-17"}, "Enter their full name too"),
        (
            {"full_name": "Rosa", "date_of_birth": "17/05/1950"},
            "Enter the date of birth as a real date, like 1950-05-01",
        ),
        ({"nhs_number": "1234567890"}, "Enter a valid NHS number, like 943 476 5919"),
        ({"phone": "12"}, "Enter a UK phone number, like 07700 900982"),
    ],
)
def test_details_that_cannot_find_anyone_get_a_clear_message(coordinator, details, message):
    page = search(coordinator, **details)
    assert page.status == 400
    assert message in page.errors()


def test_the_json_export_holds_everything_about_the_person_and_nothing_about_anyone_else(
    coordinator, db, two_referrals_and_a_stranger
):
    first, second, stranger = two_referrals_and_a_stranger
    found = search(coordinator, full_name="Rosa Kowalska", date_of_birth="1950-05-17")
    response = export(coordinator, found, "json", [first.reference, second.reference]).response
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    exported = json.loads(response.get_data(as_text=True))
    assert [referral["reference"] for referral in exported["referrals"]] == [first.reference, second.reference]
    held = exported["referrals"][0]
    assert held["referral"][0]["full_name"] == "Rosa Kowalska"
    assert held["referral"][0]["date_of_birth"] == "1950-05-17"
    assert {"gender", "ethnic_group", "answers"} <= held["referral"][0].keys()
    assert held["case_notes"][0]["body"] == "Note: Rosa first allotment"
    assert held["contact_attempts"][0]["outcome"] == "spoke"
    assert held["assessment"][0]["barriers"] == ["transport"]
    assert held["wellbeing_plan"][0]["goals"] == "Goals: Rosa first allotment"
    assert held["plan_actions"][0]["what"] == "Action: Rosa first allotment"
    assert held["scores"][0]["score"] == 3
    assert held["group_referrals"][0]["note"] == "Group note: Rosa first allotment"
    assert held["coded_events"][0]["code"] == "871731000000106"
    assert held["gp_consent"][0]["sharing"] == "full"
    assert held["nhs_number"][0]["nhs_number"] == NHS_NUMBER
    assert held["gp_messages"][0]["content"] == {"what_matters": "Rosa first allotment"}
    assert held["messages"][0]["recipient"] == "rosa@example.org"
    assert [view["who"] for view in held["viewed_by"] if view["action"] == "Looked at a referral"] == ["sam@x.org"]
    text = json.dumps(exported)
    assert "Rosa second choir" in text
    for someone_else in (
        "Stan Stranger",
        "Stranger secret darts",
        "stranger@example.org",
        "eve@x.org",
        stranger.reference,
    ):
        assert someone_else not in text


def test_an_unticked_referral_is_left_out_of_the_export(coordinator, two_referrals_and_a_stranger):
    _, second, _ = two_referrals_and_a_stranger
    found = search(coordinator, full_name="Rosa Kowalska", date_of_birth="1950-05-17")
    exported = json.loads(export(coordinator, found, "json", [second.reference]).response.get_data(as_text=True))
    assert [referral["reference"] for referral in exported["referrals"]] == [second.reference]


def test_a_reference_not_found_by_the_search_is_never_exported(coordinator, two_referrals_and_a_stranger):
    first, _, stranger = two_referrals_and_a_stranger
    found = search(coordinator, reference=first.reference)
    exported = json.loads(
        export(coordinator, found, "json", [first.reference, stranger.reference]).response.get_data(as_text=True)
    )
    assert [referral["reference"] for referral in exported["referrals"]] == [first.reference]


def test_the_readable_copy_labels_every_record_and_prints(coordinator, two_referrals_and_a_stranger):
    first, second, _ = two_referrals_and_a_stranger
    found = search(coordinator, full_name="Rosa Kowalska", date_of_birth="1950-05-17")
    page = export(coordinator, found, "html", [first.reference, second.reference])
    assert page.status == 200 and page.h1 == "The records we hold about you"
    assert "no-store" in page.response.headers["Cache-Control"]
    text = page.text()
    for heading in ("Notes", "Contact attempts", "Wellbeing plan", "Coded events (SNOMED CT)", "Messages sent"):
        assert heading in [h3.get_text() for h3 in page.select("h3")]
    assert "Note: Rosa first allotment" in text and "Rosa second choir" in text
    assert "17 May 1950" in text and "11 Mar 2026, 12:00" in text  # dates as people read them
    assert "Stranger" not in text


def test_the_search_and_the_export_are_audited_without_the_details_typed(coordinator, db, two_referrals_and_a_stranger):
    first, second, _ = two_referrals_and_a_stranger
    found = search(coordinator, full_name="Rosa Kowalska", date_of_birth="1950-05-17")
    export(coordinator, found, "json", [first.reference])
    searched = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "data_protection.subject_access_searched")
    ).all()
    assert searched[0].detail == {
        "by": ["name_and_date_of_birth"], "found": 2, "references": [first.reference, second.reference]
    }  # fmt: skip
    exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "data_protection.subject_access_exported"))
    assert [(event.subject_id, event.detail) for event in exported] == [(first.reference, {"format": "json"})]
    every_detail = json.dumps([event.detail for event in db.scalars(select(AuditEvent))])
    assert "Rosa" not in every_detail and "1950" not in every_detail


def test_nothing_personal_goes_into_a_url(coordinator, two_referrals_and_a_stranger):
    found = search(coordinator, full_name="Rosa Kowalska", date_of_birth="1950-05-17")
    for form in found.select("form"):
        assert form["method"] == "post"
    assert all("Rosa" not in link["href"] for link in found.select("a[href]"))


def test_only_coordinators_reach_subject_access(app, db, client):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    client.get(URL, expected_status=403)


def test_the_coordinators_home_page_links_to_subject_access(app, db, coordinator):
    assert coordinator.get("/en/dashboard").select(f"a[href='{URL}']")


def test_the_case_page_links_a_coordinator_to_correcting_the_details(app, db, coordinator):
    referral = make_referral(app, db)
    case = coordinator.get(case_url(referral))
    assert case.select(f"a[href='/en/data-protection/referrals/{referral.reference}/correct']")


def readable_copy(coordinator, referral):
    found = search(coordinator, reference=referral.reference)
    return export(coordinator, found, "html", [referral.reference])


def values_of(page, heading):
    """The values shown under one source's heading, as text."""
    title = next(h3 for h3 in page.select("h3") if h3.get_text() == heading)
    values = title.find_next("dl").select(".summary-list__value")
    return [" ".join(value.get_text().split()) for value in values]


def test_the_readable_copy_puts_every_coded_value_into_words(coordinator, two_referrals_and_a_stranger):
    first, *_ = two_referrals_and_a_stranger
    page = readable_copy(coordinator, first)
    assert {"Self-referral", "Closed"} <= set(values_of(page, "The referral"))
    assert values_of(page, "Contact attempts")[1:] == ["Phone call", "Spoke to them"]
    assert "Transport or getting there" in values_of(page, "Assessment")
    assert values_of(page, "Wellbeing scores (ONS4)")[1:3] == [
        "At the start (baseline)", "Overall, how happy did you feel yesterday?"
    ]  # fmt: skip
    assert values_of(page, "Consent to share with the GP")[1:] == ["Full details", "By phone"]
    assert values_of(page, "Messages back to the GP and the referrer")[1:2] == ["Print"]
    assert values_of(page, "Messages sent")[1:4] == [
        "Email", "rosa@example.org", "Confirmation that we received the referral"
    ]  # fmt: skip
    assert values_of(page, "Referrals to groups")[5] == "Waiting for the group"
    shown = " ".join(value for dd in page.select(".summary-list__value") for value in dd.get_text().split())
    for code in ("self_referral", "spoke", "transport", "baseline", "happiness", "referral-confirmation", "in_person"):
        assert code not in shown.split()


def test_the_readable_copy_translates_the_words(coordinator, two_referrals_and_a_stranger):
    first, *_ = two_referrals_and_a_stranger
    found = search(coordinator, reference=first.reference)
    form = found.form_values("form[action$='/export']")
    page = coordinator.post(
        "/cy/data-protection/subject-access/export",
        {**form, "references": [first.reference], "export_format": "html"},
    )
    assert "Spoke to them" not in page.text() and "spoke" not in page.text().split()


def test_the_answers_as_sent_show_each_question_with_the_answer_in_words(app, db, coordinator):
    referral = make_referral(app, db, answers={"who_for": "me", "needs": ["lonely", "money"], "urgent": "no"})
    page = readable_copy(coordinator, referral)
    answers = " ".join(page.one(".record-values").get_text().split())
    assert "Feeling lonely or isolated" in answers and "Money, debt or benefits" in answers
    assert "money" not in answers.split() and "who_for" not in answers and "me" not in answers.split()


def test_a_gp_message_reads_as_it_was_sent_and_the_json_keeps_its_codes(app, db, coordinator):
    referral = make_referral(app, db)
    content = {
        "reference": referral.reference,
        "sharing": "full",
        "person": {"name": "Rosa Kowalska"},
        "referral": {"received_on": "2026-03-11", "source": "web"},
        "codes": [{"code": "871731000000106", "term": "Referral to social prescribing service", "date": "2026-03-11"}],
        "needs": ["lonely"],
        "groups": [{"name": "Walking group", "outcome": "attended"}],
        "ons4": [{"question": "happiness", "before": 3, "after": 6}],
        "closing_reason": "referred_to_group",
        "link_worker": {"name": "Sam", "email": "sam@example.org"},
    }
    db.add(GpMessage(referral_id=referral.id, practice_code="X27", route="print", status="printed", content=content))
    db.commit()
    page = readable_copy(coordinator, referral)
    said = " ".join(page.one(".subject-access-export").get_text().split())
    for words in (
        "Feeling lonely or isolated",
        "Walking group: Came along",
        "Happiness yesterday: 3 → 6",
        "Closing reason: Referred to a group",
        "Printed",
    ):
        assert words in said
    assert [h4.get_text() for h4 in page.select("h4")][:2] == ["Person", "Codes"]
    found = search(coordinator, reference=referral.reference)
    exported = json.loads(export(coordinator, found, "json", [referral.reference]).response.get_data(as_text=True))
    [message] = exported["referrals"][0]["gp_messages"]
    assert message["content"]["needs"] == ["lonely"] and message["status"] == "printed"
