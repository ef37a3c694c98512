"""A coordinator erases a person's details from the case page; never while safeguarding is open."""

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.referrals.models import Referral
from tests.authz import make_user, sign_in_as
from tests.triage_helpers import case_url, make_referral


@pytest.fixture
def coordinator(client, db):
    sign_in_as(client, db, make_user(db, "cora@example.org", Role.COORDINATOR))
    return client


def erase_url(referral):
    return f"/en/data-protection/referrals/{referral.reference}/erase"


def test_a_coordinator_erases_a_person_from_the_case_page(app, db, coordinator):
    referral = make_referral(app, db, full_name="Erin Erase")
    case = coordinator.get(case_url(referral))
    link = case.select(f"a[href='{erase_url(referral)}']")[0]
    assert link.get_text() == "Erase this person's details"
    page = coordinator.get(erase_url(referral))
    done = coordinator.submit(page, erase_url(referral), {}, expected_status=303)
    assert done.response.headers["Location"].endswith(erase_url(referral))
    assert "The person's details have been erased." in coordinator.get(erase_url(referral)).text()
    db.expire_all()
    gone = db.get(Referral, referral.id)
    assert (gone.full_name, gone.status) == (None, "closed")
    assert db.scalar(select(AuditEvent.subject_id).where(AuditEvent.action == "data_protection.person_erased")) == (
        referral.reference
    )


def test_erasure_is_blocked_while_a_safeguarding_concern_is_open_and_the_reason_is_shown(app, db, coordinator):
    referral = make_referral(app, db, full_name="Sal Safe", safeguarding=True, status="in_triage")
    page = coordinator.get(erase_url(referral))
    assert "It cannot be erased while a safeguarding concern is open on it." in page.text()
    assert page.select("form[action$='/erase']") == []
    refused = coordinator.submit(coordinator.get(case_url(referral)), erase_url(referral), {}, expected_status=409)
    assert "It cannot be erased while a safeguarding concern is open on it." in refused.text()
    db.expire_all()
    assert db.get(Referral, referral.id).full_name == "Sal Safe"


def test_a_link_worker_sees_no_erase_link(app, db, client):
    worker = make_user(db, "sam@example.org", Role.LINK_WORKER)
    referral = make_referral(app, db, holder_id=worker.id, status="in_triage")
    sign_in_as(client, db, worker)
    assert "Erase this person's details" not in client.get(case_url(referral)).text()


def test_erasing_takes_the_gp_record_details_and_what_the_messages_back_said(app, db, coordinator):
    from portal.gp_record.models import CaseIdentity, CaseReferrer, GpMessage
    from portal.outbox.models import Channel, OutboxMessage

    referral = make_referral(app, db, full_name="Gina Gp", status="closed", closing_reason="supported")
    db.add_all(
        [
            CaseIdentity(referral_id=referral.id, nhs_number="9434765919"),
            CaseReferrer(referral_id=referral.id, name="Dr Okafor", email="okafor@nhs.net"),
            GpMessage(id=7, referral_id=referral.id, practice_code="X27", route="email", content={"needs": ["x"]}),
        ]
    )
    for key in ("gp-message-7", "referrer-message-7"):
        db.add(
            OutboxMessage(
                channel=Channel.EMAIL,
                recipient="okafor@nhs.net",
                template="gp-message",
                locale="en",
                context={"content": {"needs": ["x"]}},
                dedupe_key=key,
            )
        )
    db.commit()
    page = coordinator.get(erase_url(referral))
    coordinator.submit(page, erase_url(referral), {}, expected_status=303)
    db.expire_all()
    assert db.get(CaseIdentity, referral.id).nhs_number is None
    referrer = db.get(CaseReferrer, referral.id)
    assert (referrer.name, referrer.email) == (None, None)
    assert db.get(GpMessage, 7).content == {}
    assert [(m.recipient, m.context) for m in db.scalars(select(OutboxMessage))] == [("", {}), ("", {})]
