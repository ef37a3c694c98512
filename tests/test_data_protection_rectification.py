"""A coordinator corrects a person's details at their request; the audit log names what was
corrected, never the old or the new values."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.referrals.models import Referral
from tests.authz import make_user, sign_in_as
from tests.triage_helpers import make_referral


@pytest.fixture
def coordinator(client, db):
    sign_in_as(client, db, make_user(db, "cora@example.org", Role.COORDINATOR))
    return client


def correct_url(referral):
    return f"/en/data-protection/referrals/{referral.reference}/correct"


def person(app, db, **values):
    return make_referral(
        app, db, full_name="Rosa Kowalksa", date_of_birth=date(1950, 5, 17), postcode="LS6 2BB",
        phone="+447700900982", phone_as_typed="07700 900982", email="rosa@example.org",
        email_as_typed="rosa@example.org", **values,
    )  # fmt: skip


def test_a_coordinator_corrects_a_name_and_a_postcode(app, db, coordinator):
    referral = person(app, db)
    version = referral.version
    page = coordinator.get(correct_url(referral))
    assert page.one("#full_name")["value"] == "Rosa Kowalksa"
    values = {**page.form_values(), "full_name": "Rosa Kowalska", "postcode": "ls11 5aa"}
    done = coordinator.submit(page, correct_url(referral), values, expected_status=303)
    assert "Details corrected" in coordinator.follow(done).text()
    db.expire_all()
    corrected = db.get(Referral, referral.id)
    assert (corrected.full_name, corrected.postcode, corrected.outward_code) == ("Rosa Kowalska", "LS11 5AA", "LS11")
    assert corrected.phone == "+447700900982" and corrected.version == version + 1


def test_the_audit_names_what_was_corrected_and_keeps_no_value(app, db, coordinator):
    referral = person(app, db)
    page = coordinator.get(correct_url(referral))
    values = {**page.form_values(), "full_name": "Rosa Kowalska", "phone": "0113 496 0001", "email": ""}
    coordinator.submit(page, correct_url(referral), values, expected_status=303)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "data_protection.details_corrected"))
    assert (event.subject_id, event.detail) == (referral.reference, {"corrected": ["full_name", "phone", "email"]})
    assert "Kowal" not in json.dumps(event.detail) and "0113" not in json.dumps(event.detail)
    db.expire_all()
    corrected = db.get(Referral, referral.id)
    assert (corrected.phone, corrected.phone_as_typed, corrected.email) == ("+441134960001", "0113 496 0001", None)


def test_saving_the_same_details_changes_nothing_and_audits_nothing(app, db, coordinator):
    referral = person(app, db)
    page = coordinator.get(correct_url(referral))
    done = coordinator.submit(page, correct_url(referral), page.form_values(), expected_status=303)
    assert "Nothing was changed" in coordinator.follow(done).text()
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "data_protection.details_corrected")) is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Enter their full name"),
        ("postcode", "nowhere", "Enter a real postcode, like LS6 1AN"),
        ("phone", "12", "Enter a UK phone number, like 07700 900982"),
        ("email", "rosa@", "Enter an email address, like name@example.com"),
        ("date_of_birth", "17 May", "Enter the date of birth as a real date, like 1950-05-01"),
    ],
)
def test_a_detail_that_is_not_right_gets_a_message_and_nothing_is_saved(app, db, coordinator, field, value, message):
    referral = person(app, db)
    page = coordinator.get(correct_url(referral))
    refused = coordinator.submit(page, correct_url(referral), {**page.form_values(), field: value}, expected_status=400)
    assert message in refused.errors()
    db.expire_all()
    assert db.get(Referral, referral.id).full_name == "Rosa Kowalksa"


def test_erased_details_cannot_be_corrected(app, db, coordinator):
    referral = person(app, db)
    db.get(Referral, referral.id).erase_personal_details()
    db.commit()
    page = coordinator.get(correct_url(referral))
    assert "The person's details have been erased." in page.text()
    assert page.select("main form") == []


def test_a_link_worker_cannot_correct_details(app, db, client):
    referral = person(app, db)
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    client.get(correct_url(referral), expected_status=403)
