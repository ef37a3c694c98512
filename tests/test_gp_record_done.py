"""The issue's "done when" for the GP record: consent "full details" and the NHS number are
recorded; the person accepts support (coded 871731000000106); after two group referrals and a
follow-up ONS4 the case closes; the link worker previews and sends the GP message; the
sandbox's practice mailbox receives it and its acknowledgement shows on the case. With
"codes only" consent the message carries no narrative."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from portal.gp_record import mesh
from portal.gp_record.models import CodedEvent, GpMessage, MessageStatus
from tests.authz import sign_in_as
from tests.followups_helpers import FRIDAY_2PM, send
from tests.gp_record_helpers import BASELINE, FOLLOW_UP, VALID_NHS_NUMBER, post_case, record_scores, registered_person
from tests.mesh_sandbox import practice_inbox
from tests.organisations_helpers import published_listing
from tests.triage_helpers import case_url, save_case_form


def deliver(app, settings):
    with app.app_context():
        return mesh.send_due(settings)


def acknowledge(app, settings):
    with app.app_context():
        return mesh.check_acknowledgements(settings)


def read_practice_inbox(settings, message_id):
    with practice_inbox(settings) as inbox:
        received = inbox.retrieve_message(message_id)
        body = received.read().decode()
        received.acknowledge()
    return body


def test_a_full_details_message_reaches_the_practice_and_its_acknowledgement_shows(app, db, client, mesh_sandbox):
    arranged = registered_person(app, db)
    sign_in_as(client, db, arranged.worker)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    post_case(client, arranged, "nhs-number", {"nhs_number": VALID_NHS_NUMBER})
    post_case(client, arranged, "support-accepted")
    coded = db.scalars(select(CodedEvent)).all()
    assert [event.code for event in coded] == ["871731000000106"]

    second = published_listing(db, arranged.organisation, "Knit and Natter")
    send(app, db, arranged, FRIDAY_2PM)
    send(app, db, dataclasses.replace(arranged, listing=second), FRIDAY_2PM)
    record_scores(db, arranged, "baseline", BASELINE)
    record_scores(db, arranged, "follow_up", FOLLOW_UP)
    save_case_form(client, arranged.person, "close", {"reason": "referred_to_group"})

    preview = client.get(case_url(arranged.person, "gp-message"))
    text = preview.soup.get_text()
    for expected in ("Rosa Kowalska", "943 476 5919", "Sandbox Lane Surgery", "871731000000106"):
        assert expected in text
    assert "Headingley Health Walk" in text and "Knit and Natter" in text
    assert "4 → 7" in text
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "mesh"}, expected_status=303)

    assert deliver(app, mesh_sandbox) == 1
    sent = db.scalars(select(GpMessage)).one()
    assert sent.status == MessageStatus.SENT and sent.mesh_message_id
    document = read_practice_inbox(mesh_sandbox, sent.mesh_message_id)
    assert "Rosa Kowalska" in document and "Knit and Natter" in document and "871731000000106" in document

    assert acknowledge(app, mesh_sandbox) == 1
    db.refresh(sent)
    assert sent.status == MessageStatus.ACKNOWLEDGED and sent.acknowledged_at is not None
    case = client.get(case_url(arranged.person)).one("#gp-record").get_text()
    assert "Acknowledged by the practice" in case


def test_a_codes_only_message_carries_no_narrative(app, db, client, mesh_sandbox):
    arranged = registered_person(app, db)
    sign_in_as(client, db, arranged.worker)
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "in_person"})
    post_case(client, arranged, "support-accepted")
    send(app, db, arranged, FRIDAY_2PM)
    record_scores(db, arranged, "baseline", BASELINE)
    record_scores(db, arranged, "follow_up", FOLLOW_UP)

    preview = client.get(case_url(arranged.person, "gp-message"))
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "mesh"}, expected_status=303)
    assert deliver(app, mesh_sandbox) == 1
    sent = db.scalars(select(GpMessage)).one()
    document = read_practice_inbox(mesh_sandbox, sent.mesh_message_id)

    assert "871731000000106" in document and "Rosa Kowalska" in document
    for narrative in ("Headingley Health Walk", "Getting out of the house", "→", "Needs"):
        assert narrative not in document
    assert set(sent.content) == {"reference", "sharing", "person", "practice", "referral", "codes", "link_worker"}
