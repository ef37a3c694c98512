"""Closed-loop referrals to groups: consent, only the shared fields, the inbox states, audit."""

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role, User
from portal.organisations.records import GroupReferral, GroupReferralStatus
from tests.authz import make_organisation, make_user, sign_in_as
from tests.organisations_helpers import published_listing, referral


def arrange(db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    listing = published_listing(db, organisation, "Tuesday Walk")
    return listing, referral(db)


def refer(client, db, person, data):
    sign_in_as(client, db, make_user(db, "worker@example.org", Role.LINK_WORKER))
    url = f"/en/referrals/{person.id}/refer-to-a-group"
    page = client.get(url)
    assert page.form_values()["contact"] == "07911 123456"
    return client.submit(page, url, data)


def test_a_link_worker_needs_the_persons_consent(client, db):
    listing, person = arrange(db)
    shown = refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456"})
    assert shown.errors() == ["Confirm the person agrees to us sharing these details"]
    assert db.scalar(select(GroupReferral)) is None


def test_the_group_sees_only_the_name_contact_and_note(client, db):
    listing, person = arrange(db)
    refer(
        client,
        db,
        person,
        {"listing": str(listing.id), "contact": "07911 123456", "note": "Likes walking.", "consent": "y"},
    )
    sent = db.scalar(select(GroupReferral))
    assert (sent.person_name, sent.preferred_contact, sent.note) == ("Sam Jones", "07911 123456", "Likes walking.")
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    page = client.get(f"/en/organisation/referrals/{sent.id}")
    assert "Likes walking." in page.text()
    assert "Private things" not in page.html and person.reference not in page.html


def test_the_organisation_accepts_then_says_they_came_and_each_change_is_audited(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sent = db.scalar(select(GroupReferral))
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    url = f"/en/organisation/referrals/{sent.id}"
    client.submit(client.get(url), url, {"status": "accepted"}, expected_status=303)
    client.submit(client.get(url), url, {"status": "attended"}, expected_status=303)
    db.refresh(sent)
    assert sent.status == GroupReferralStatus.ATTENDED
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("group_referral.%"))).all()
    assert sorted(actions) == ["group_referral.accepted", "group_referral.attended", "group_referral.sent"]


def test_declining_needs_a_reason_and_the_link_worker_sees_it(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sent = db.scalar(select(GroupReferral))
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    url = f"/en/organisation/referrals/{sent.id}"
    assert client.submit(client.get(url), url, {"status": "declined"}, expected_status=200).errors() == [
        "Enter the reason"
    ]
    client.submit(client.get(url), url, {"status": "declined", "reason": "The group is full."}, expected_status=303)
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "worker@example.org")))
    assert "The group is full." in client.get(f"/en/referrals/{person.id}/refer-to-a-group").text()


def test_a_status_cannot_jump_ahead(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sent = db.scalar(select(GroupReferral))
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    url = f"/en/organisation/referrals/{sent.id}"
    client.submit(client.get(url), url, {"status": "attended"}, expected_status=400)
