"""Emailed and texted links lead only to the configured public address, whatever host a request
named; requests for hosts we do not serve are refused (issue 10, item 1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from portal import create_app
from portal.accounts import invitations, password_resets
from portal.accounts import services as account_services
from portal.accounts.models import Role, User
from portal.config import InsecureConfiguration, Settings, load_settings
from portal.db import get_database, session, utcnow
from portal.directory.models import Listing
from portal.directory.services import send_shortlist
from portal.followups import asking, deadlines
from portal.organisations import group_referrals, joining, problems, still_correct
from portal.outbox.models import Channel, OutboxMessage
from portal.outbox.rendering import render_message
from portal.referrals import services as referral_services
from portal.referrals.models import ContactChannel, Referral
from portal.triage import connecting
from tests.authz import make_organisation, make_user, sign_in_as
from tests.harness import PageClient
from tests.organisations_helpers import published_listing
from tests.test_factory import production_environ
from tests.triage_helpers import make_referral

PUBLIC = "https://portal.example"
ALIAS = "alias.portal.example"  # a host the portal answers for, but not the address in emails
HOSTILE = "evil.example"
LISTING_WEBSITE = "https://walkers.example.org/"
OUTBOX_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "outbox"
URL = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture
def production(app: Flask, settings: Settings) -> Iterator[Flask]:
    """The portal as production runs it, on the tests' database."""
    production_settings = replace(
        settings, env="production", public_base_url=PUBLIC, trusted_hosts=("portal.example", ALIAS)
    )
    production_app = create_app(production_settings)
    yield production_app
    get_database(production_app).engine.dispose()


def links_in(app: Flask, message: OutboxMessage) -> list[str]:
    with app.app_context():
        rendered = render_message(message.template, message.channel, message.locale, message.context)
    text = f"{rendered.subject}\n{rendered.body}"
    assert HOSTILE not in text and ALIAS not in text
    return URL.findall(text)


def test_asking_for_a_reset_link_with_another_host_is_refused(production, db):
    editor = make_user(db, "editor@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"))
    client = production.test_client()
    response = client.post("/en/reset-password", data={"email": editor.email}, headers={"Host": HOSTILE})
    assert response.status_code == 400
    assert db.scalars(select(OutboxMessage)).all() == []


def test_a_forwarded_host_from_outside_the_proxy_is_refused_too(production, settings, db):
    behind_proxy = create_app(replace(production.config["SETTINGS"], trusted_proxies=1))
    try:
        response = behind_proxy.test_client().get("/en/", headers={"Host": ALIAS, "X-Forwarded-Host": HOSTILE})
        assert response.status_code == 400
    finally:
        get_database(behind_proxy).engine.dispose()


def test_a_reset_link_leads_to_the_public_address_whatever_host_was_asked(production, db):
    editor = make_user(db, "editor@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"))
    client = PageClient(production.test_client())
    page = client.get("/en/reset-password", headers={"Host": ALIAS})
    client.submit(page, "/en/reset-password", {"email": editor.email}, expected_status=303, headers={"Host": ALIAS})
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.template == "password-reset"))
    assert message is not None
    assert message.context["link"].startswith(f"{PUBLIC}/en/reset-password/")
    assert links_in(production, message) == [message.context["link"]]


def test_an_invitation_sent_from_a_page_leads_to_the_public_address(production, db):
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    client = PageClient(production.test_client())
    sign_in_as(client, db, coordinator, base_url=f"https://{ALIAS}")
    page = client.get("/en/users/invite", headers={"Host": ALIAS})
    data = {"name": "Kim Lee", "email": "kim@example.org", "role": "link_worker"}
    client.submit(page, "/en/users/invite", data, expected_status=303, headers={"Host": ALIAS})
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.template == "account-invitation"))
    assert message is not None and message.context["link"].startswith(f"{PUBLIC}/en/invitation/")


def _arrange(db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    editor = make_user(db, "editor@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    listing = published_listing(
        db, organisation, "Park Walk", checked=utcnow() - timedelta(days=160), url=LISTING_WEBSITE
    )
    return organisation, coordinator, editor, listing


def _send_every_kind_of_message(app: Flask, db) -> None:
    """Every service that emails or texts, each called as a request for another host would call it."""
    organisation, coordinator, editor, listing = _arrange(db)
    referral = make_referral(
        app, db, urgent=True, email="sam@example.org", contact_channel=ContactChannel.EMAIL,
        may_send_emails=True, may_send_texts=True, phone="+447911123456",
    )  # fmt: skip
    with app.test_request_context("/en/", headers={"Host": ALIAS, "X-Forwarded-Host": HOSTILE}):
        coordinator, editor = session.merge(coordinator), session.merge(editor)
        listing, referral = session.merge(listing), session.merge(referral)
        password_resets.request_reset(editor.email)
        newcomer = invitations.InvitationRequest("new@example.org", "New", Role.ORG_EDITOR, session.merge(organisation))
        invitations.invite(newcomer, coordinator)
        account_services.notify(editor, "password_changed")
        problems.report(listing, "closed", "It has closed", "")
        still_correct.send_reminders(utcnow())
        details = joining.RequestDetails("Knitters", "", "Jo", "jo@example.org", "", "Knitting", "Leeds")
        joining.decline(joining.ask_to_join(details), coordinator, "Not in our area")
        referral_services.queue_messages(referral, app.config["SETTINGS"])
        send_shortlist([listing], "sam@example.org", "en", utcnow())
        connecting.suggest(referral, referral.version, [listing.id], coordinator)
        connecting.send(referral, referral.version, Channel.EMAIL)
        _follow_up_a_group_referral(referral, listing, coordinator)
        _email_the_gp(referral, coordinator)
        session.commit()


def _email_the_gp(referral: Referral, holder: User) -> None:
    from portal.gp_record import message, services
    from portal.gp_record.models import GpSharing, MessageRoute
    from portal.practices.models import GpPractice

    session.add(GpPractice(ods_code="X27", name="Sandbox Lane Surgery", secure_email="sandbox.lane@nhs.net"))
    content = message.message_content(referral, GpSharing.CODES_ONLY, holder)
    services.queue_gp_message(referral, "X27", MessageRoute.EMAIL, content, holder)


def _follow_up_a_group_referral(referral: Referral, listing: Listing, holder: User) -> None:
    sent = group_referrals.refer_to_group(referral, listing, note="", contact="", consent=True, by=holder)
    assert sent.day_reminder_at is not None
    deadlines.send_reminders(sent.day_reminder_at)
    deadlines.chase(sent)
    asking.ask(sent, referral, utcnow())
    deadlines.cancel(sent)


def test_every_emailed_link_leads_to_the_public_address(production, db):
    _send_every_kind_of_message(production, db)
    messages = db.scalars(select(OutboxMessage)).all()
    assert {message.template for message in messages} == {path.stem for path in OUTBOX_TEMPLATES.glob("*.txt")}
    links = {link for message in messages for link in links_in(production, message)}
    ours = {link for link in links if link != LISTING_WEBSITE}
    assert ours and all(link.startswith(f"{PUBLIC}/") for link in ours), ours
    expected_kinds = {"password-reset", "account-invitation", "listing-problem", "listing-still-correct"}
    assert expected_kinds | {"urgent-referral-alert"} <= {m.template for m in messages if "link" in m.context}


def test_alternate_language_links_name_the_public_address(production):
    page = PageClient(production.test_client()).get("/en/privacy", headers={"Host": ALIAS})
    alternates = [link["href"] for link in page.select("link[rel=alternate]")]
    assert alternates and all(href.startswith(f"{PUBLIC}/") for href in alternates)


@pytest.mark.parametrize("address", ["", "http://portal.example", "https://", "https://portal.example/?next=/x"])
def test_production_refuses_to_start_without_its_public_https_address(tmp_path, address):
    with pytest.raises(InsecureConfiguration, match="PUBLIC_BASE_URL"):
        load_settings(production_environ(tmp_path, PUBLIC_BASE_URL=address))


def test_production_answers_only_for_the_public_host_unless_told_more(tmp_path):
    environ = production_environ(tmp_path, PUBLIC_BASE_URL="https://Portal.Example/")
    assert load_settings(environ).trusted_hosts == ("portal.example",)
    more = {**environ, "TRUSTED_HOSTS": "portal.example, www.portal.example"}
    assert load_settings(more).trusted_hosts == ("portal.example", "www.portal.example")


def test_no_code_builds_an_address_from_the_request():
    """The one way to a full address is `portal.web.links`; the request's host is never used."""
    source = Path(__file__).resolve().parents[1] / "src" / "portal"
    pattern = re.compile(r"_external\s*=\s*True|request\.(host|host_url|url_root|root_url)\b|X-Forwarded-Host")
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in source.rglob("*.py")
        if path != source / "web" / "links.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
