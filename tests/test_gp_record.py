"""The GP record on the case: the NHS number, consent and its changes of mind, coded events
once per episode, the preview, printing, the per-practice report, and MESH retries. Every view
and change is audited, without the NHS number in the log."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.gp_record import mesh
from portal.gp_record.models import CaseIdentity, CodedEvent, GpConsent, GpMessage, MessageStatus, PracticeMailbox
from portal.outbox.models import Channel
from portal.outbox.rendering import render_message
from tests.authz import make_user, sign_in_as
from tests.gp_record_helpers import VALID_NHS_NUMBER, post_case, registered_person
from tests.triage_helpers import case_url


def actions(db):
    return [event.action for event in db.scalars(select(AuditEvent).where(AuditEvent.action.like("gp_record.%")))]


def signed_in_holder(app, db, client, **person):
    arranged = registered_person(app, db, **person)
    sign_in_as(client, db, arranged.worker)
    return arranged


def test_an_nhs_number_is_kept_as_ten_digits_and_its_change_audited_without_it(app, db, client):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "nhs-number", {"nhs_number": VALID_NHS_NUMBER})
    post_case(client, arranged, "nhs-number", {"nhs_number": "9434765870"})
    assert db.get(CaseIdentity, arranged.person.id).nhs_number == "9434765870"
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "gp_record.nhs_number_changed")).all()
    assert [event.detail for event in events] == [{"corrected": False}, {"corrected": True}]
    assert all("943" not in str(event.detail) for event in events)


def test_a_number_that_fails_the_check_digit_is_refused(app, db, client):
    arranged = signed_in_holder(app, db, client)
    page = client.follow(post_case(client, arranged, "nhs-number", {"nhs_number": "943 476 5918"}))
    assert "Enter a valid NHS number" in page.one("#gp-record").get_text()
    assert db.get(CaseIdentity, arranged.person.id) is None


def test_a_change_of_mind_is_kept_with_who_recorded_it_and_how(app, db, client):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "in_person"})
    consents = db.scalars(select(GpConsent).order_by(GpConsent.id)).all()
    assert [(c.sharing, c.asked_how, c.recorded_by_id) for c in consents] == [
        ("full", "phone", arranged.worker.id),
        ("codes_only", "in_person", arranged.worker.id),
    ]
    section = client.get(case_url(arranged.person)).one("#gp-record").get_text()
    assert "Changes of mind" in section and "Codes only" in section


def test_accepting_support_is_coded_once_per_episode_and_declining_has_its_own_code(app, db, client):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "support-accepted")
    post_case(client, arranged, "support-accepted")
    post_case(client, arranged, "support-declined")
    coded = db.scalars(select(CodedEvent).order_by(CodedEvent.id)).all()
    assert [(event.code, event.author_id) for event in coded] == [
        ("871731000000106", arranged.worker.id),
        ("871711000000103", arranged.worker.id),
    ]
    assert actions(db).count("gp_record.code_recorded") == 2


def test_nothing_is_sent_when_the_person_said_the_gp_gets_nothing(app, db, client):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "gp-consent", {"sharing": "nothing", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert not preview.select("form[action$=gp-message]")
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "mesh"}, expected_status=303)
    assert db.scalars(select(GpMessage)).all() == []
    assert "gp_record.message_previewed" in actions(db)


def test_a_printed_message_counts_in_the_practice_report_and_its_csv(app, db, client):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    post_case(client, arranged, "support-accepted")
    preview = client.get(case_url(arranged.person, "gp-message"))
    printed = client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "print"}, expected_status=303)
    assert db.scalars(select(GpMessage)).one().status == MessageStatus.PRINTED
    assert "gp-message" in printed.response.headers["Location"]

    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    report = client.get("/en/coordinator/gp-codes-sent")
    assert [cell.get_text() for cell in report.select("tbody td")] == [
        "X27",
        "871731000000106",
        "Referral to social prescribing service",
        "1",
    ]
    csv = client.get("/en/coordinator/gp-codes-sent?format=csv").response.get_data(as_text=True)
    assert csv.splitlines() == [
        "ods_code,snomed_code,term,count",
        "X27,871731000000106,Referral to social prescribing service,1",
    ]
    assert "gp_record.report_viewed" in actions(db)


def test_a_mailbox_that_refuses_is_retried_later_then_given_up(app, db, client, mesh_sandbox):
    arranged = signed_in_holder(app, db, client, gp_practice_code="Y99")
    db.add(PracticeMailbox(ods_code="Y99", mailbox="Y99NONE"))  # MESH has no such mailbox
    db.commit()
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "mesh"}, expected_status=303)
    with app.app_context():
        assert mesh.send_due(mesh_sandbox) == 0
    message = db.scalars(select(GpMessage)).one()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert message.last_error and message.mesh_message_id is None
    assert message.next_attempt_at >= message.created_at + timedelta(minutes=1)
    for _ in mesh.RETRY_AFTER:
        message.next_attempt_at = message.created_at
        db.commit()
        with app.app_context():
            mesh.send_due(mesh_sandbox)
        db.refresh(message)
    assert message.status == MessageStatus.FAILED


def test_the_public_journeys_never_ask_for_an_nhs_number():
    journeys = Path(__file__).parent.parent / "templates" / "referrals"
    assert all("NHS number" not in page.read_text() for page in journeys.rglob("*.html"))


def test_the_worker_job_sends_over_the_mesh_mailbox_the_settings_name(app, db, client, mesh_sandbox):
    arranged = signed_in_holder(app, db, client)
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "mesh"}, expected_status=303)
    with app.app_context():
        assert mesh.send_and_track() == "MESH is not set up"
    app.config["SETTINGS"] = replace(app.config["SETTINGS"], mesh=mesh_sandbox)
    with app.app_context():
        assert mesh.send_and_track() == "1 sent, 0 acknowledged"
    assert db.scalars(select(GpMessage)).one().status == MessageStatus.SENT


def test_an_email_goes_to_the_practice_secure_address_through_the_outbox(app, db, client):
    from portal.outbox.models import OutboxMessage
    from portal.practices.models import GpPractice

    arranged = signed_in_holder(app, db, client)
    db.scalars(select(GpPractice)).one().secure_email = "sandbox.lane@nhs.net"
    db.commit()
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "phone"})
    post_case(client, arranged, "support-accepted")
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert [radio["value"] for radio in preview.select("input[name=route]")] == ["mesh", "email", "print"]
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "email"}, expected_status=303)

    queued = db.scalars(select(OutboxMessage)).one()
    assert (queued.recipient, queued.template, queued.locale) == ("sandbox.lane@nhs.net", "gp-message", "en")
    with app.app_context():
        body = render_message("gp-message", Channel.EMAIL, "en", queued.context).body
    assert "871731000000106" in body and "943" not in body and "Headingley" not in body
    assert db.scalars(select(CodedEvent)).one().sent_to_practice == "X27"


def test_a_route_the_practice_cannot_receive_is_refused(app, db, client):
    arranged = signed_in_holder(app, db, client, gp_practice_code="Y99")
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert [radio["value"] for radio in preview.select("input[name=route]")] == ["print"]
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "email"}, expected_status=303)
    assert db.scalars(select(GpMessage)).all() == []


def referrer_outbox(db):
    from portal.outbox.models import OutboxMessage

    return db.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith("referrer-message-"))).all()


def with_referrer(client, arranged, email="dr.okafor@nhs.net"):
    data = {"referrer_name": "Dr Okafor", "referrer_organisation": "Sandbox Lane Surgery", "referrer_email": email}
    post_case(client, arranged, "referrer", data)


def test_the_message_back_also_goes_to_the_referrer_by_email_when_chosen(app, db, client):
    arranged = signed_in_holder(app, db, client)
    with_referrer(client, arranged)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert "The same message, by email, to Dr Okafor (dr.okafor@nhs.net)." in preview.text()
    assert preview.one("#to_referrer").has_attr("checked")
    client.submit(
        preview, case_url(arranged.person, "gp-message"), {"route": "print", "to_referrer": "y"}, expected_status=303
    )
    [sent] = referrer_outbox(db)
    assert sent.recipient == "dr.okafor@nhs.net"
    assert sent.context["content"]["what_matters"] == "Getting out of the house and meeting people"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "gp_record.message_sent")).one()
    assert event.detail == {"route": "print", "to_referrer": True}
    assert "Dr Okafor" not in str(db.scalars(select(AuditEvent.detail)).all())


def test_with_codes_only_consent_the_referrer_gets_no_narrative_either(app, db, client):
    arranged = signed_in_holder(app, db, client)
    with_referrer(client, arranged)
    post_case(client, arranged, "gp-consent", {"sharing": "codes_only", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    client.submit(
        preview, case_url(arranged.person, "gp-message"), {"route": "print", "to_referrer": "y"}, expected_status=303
    )
    [sent] = referrer_outbox(db)
    assert "what_matters" not in sent.context["content"] and "needs" not in sent.context["content"]


def test_nothing_goes_to_the_referrer_when_not_chosen_or_the_gp_gets_nothing(app, db, client):
    arranged = signed_in_holder(app, db, client)
    with_referrer(client, arranged)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    preview = client.get(case_url(arranged.person, "gp-message"))
    client.submit(preview, case_url(arranged.person, "gp-message"), {"route": "print"}, expected_status=303)
    post_case(client, arranged, "gp-consent", {"sharing": "nothing", "asked_how": "phone"})
    client.submit(
        preview, case_url(arranged.person, "gp-message"), {"route": "print", "to_referrer": "y"}, expected_status=303
    )
    assert referrer_outbox(db) == []
    assert len(db.scalars(select(GpMessage)).all()) == 1


def test_a_referrer_email_that_is_not_one_is_refused_with_a_message(app, db, client):
    arranged = signed_in_holder(app, db, client)
    data = {"referrer_name": "Dr Okafor", "referrer_organisation": "", "referrer_email": "okafor@"}
    page = client.follow(post_case(client, arranged, "referrer", data))
    assert "Enter an email address, like name@example.com" in page.text()
    from portal.gp_record.models import CaseReferrer

    assert db.scalars(select(CaseReferrer)).all() == []
