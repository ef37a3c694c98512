"""Full details go by email only to a secure address (SECURE_EMAIL_DOMAINS, nhs.net by default):
the preview says plainly when an address is not one, and its email carries the codes only,
whatever the consent. The case page shows whether the message also went to the referrer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from portal.config import load_settings
from portal.gp_record.models import GpMessage
from portal.outbox.models import Channel, OutboxMessage
from portal.outbox.rendering import render_message
from portal.practices.models import GpPractice
from tests.authz import sign_in_as
from tests.gp_record_helpers import post_case, registered_person
from tests.triage_helpers import case_url

NARRATIVE = ("needs", "what_matters", "groups", "ons4", "closing_reason")


@pytest.fixture
def arranged(app, db, client):
    arranged = registered_person(app, db)
    sign_in_as(client, db, arranged.worker)
    post_case(client, arranged, "gp-consent", {"sharing": "full", "asked_how": "phone"})
    post_case(client, arranged, "support-accepted")
    return arranged


def with_referrer(client, arranged, email, organisation="Headingley Housing"):
    data = {"referrer_name": "Dr Okafor", "referrer_organisation": organisation, "referrer_email": email}
    post_case(client, arranged, "referrer", data)


def send(client, arranged, route="print", **extra):
    preview = client.get(case_url(arranged.person, "gp-message"))
    data = {"route": route, **extra}
    client.submit(preview, case_url(arranged.person, "gp-message"), data, expected_status=303)


def outbox(db, prefix):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith(prefix))).one()


def test_the_preview_says_plainly_when_the_referrers_address_is_not_secure(arranged, client):
    with_referrer(client, arranged, "okafor@gmail.com")
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert preview.one("#referrer-email-not-secure").get_text() == (
        "This is not a secure address (one ending in nhs.net), so their email will carry the codes only, "
        "not the details."
    )


def test_a_referrer_outside_the_secure_domains_gets_the_codes_only_despite_full_consent(app, db, arranged, client):
    with_referrer(client, arranged, "okafor@gmail.com")
    send(client, arranged, to_referrer="y")
    content = outbox(db, "referrer-message-").context["content"]
    assert content["sharing"] == "codes_only" and not set(NARRATIVE) & content.keys()
    assert content["codes"][0]["code"] == "871731000000106"
    with app.app_context():
        body = render_message("gp-message", Channel.EMAIL, "en", {"content": content}).body
    assert "871731000000106" in body and "Getting out of the house" not in body
    kept = db.scalars(select(GpMessage)).one().content
    assert kept["what_matters"] == "Getting out of the house and meeting people"  # the printed copy keeps them


def test_a_secure_referrer_gets_the_details_and_no_warning(db, arranged, client):
    with_referrer(client, arranged, "dr.okafor@nhs.net")
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert preview.select("#referrer-email-not-secure") == []
    send(client, arranged, to_referrer="y")
    assert outbox(db, "referrer-message-").context["content"]["what_matters"]


def test_a_practice_email_outside_the_secure_domains_is_warned_of_and_gets_the_codes_only(db, arranged, client):
    db.scalars(select(GpPractice)).one().secure_email = "reception@sandbox-lane.example.org"
    db.commit()
    preview = client.get(case_url(arranged.person, "gp-message"))
    warning = preview.one("#practice-email-not-secure").get_text()
    assert "An email to it will carry the codes only, not the details." in warning
    send(client, arranged, route="email")
    content = outbox(db, "gp-message-").context["content"]
    assert content["sharing"] == "codes_only" and not set(NARRATIVE) & content.keys()


def test_the_secure_domains_come_from_the_setting(app, db, arranged, client):
    app.config["SETTINGS"] = replace(app.config["SETTINGS"], secure_email_domains=("nhs.net", "leeds.gov.uk"))
    with_referrer(client, arranged, "okafor@leeds.gov.uk")
    preview = client.get(case_url(arranged.person, "gp-message"))
    assert preview.select("#referrer-email-not-secure") == []
    send(client, arranged, to_referrer="y")
    assert outbox(db, "referrer-message-").context["content"]["sharing"] == "full"


def test_secure_email_domains_default_to_nhs_net_and_are_read_comma_separated(tmp_path):
    environ = {"PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40}
    assert load_settings(environ).secure_email_domains == ("nhs.net",)
    chosen = load_settings({**environ, "SECURE_EMAIL_DOMAINS": " NHS.net, @leeds.gov.uk ,"})
    assert chosen.secure_email_domains == ("nhs.net", "leeds.gov.uk")


def test_the_case_page_shows_when_and_to_which_organisation_the_message_went_to_the_referrer(db, arranged, client):
    with_referrer(client, arranged, "dr.okafor@nhs.net")
    send(client, arranged, to_referrer="y")
    with_referrer(client, arranged, "dr.okafor@nhs.net", organisation="Moved On Trust")  # changed since
    sent = " ".join(client.get(case_url(arranged.person)).one("#gp-record p.hint").get_text().split())
    assert sent.startswith("GP message: Print, Printed. Also emailed to the referrer at Headingley Housing, ")
    assert db.scalars(select(GpMessage)).one().referrer_emailed_at is not None


def test_the_case_page_says_when_the_message_did_not_go_to_the_referrer(arranged, client):
    with_referrer(client, arranged, "dr.okafor@nhs.net")
    send(client, arranged)
    section = client.get(case_url(arranged.person)).one("#gp-record").get_text(" ", strip=True)
    assert "Not sent to the referrer." in section and "Also emailed" not in section


def test_the_privacy_notice_says_details_are_emailed_only_to_a_secure_address(client):
    notice = client.get("/en/privacy").text()
    assert "We send the details by email only to a secure address, such as an nhs.net one." in notice
