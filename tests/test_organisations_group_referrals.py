"""Closed-loop referrals to groups: consent, only the shared fields, the inbox states, audit,
and the case page showing where each referral stands."""

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role, User
from portal.organisations.models import GroupReferral, GroupReferralStatus
from tests.authz import make_organisation, make_user, sign_in_as
from tests.organisations_helpers import published_listing, referral


def arrange(db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    listing = published_listing(db, organisation, "Tuesday Walk")
    return listing, referral(db)


def holder(db, person):
    """The link worker holding the person's referral: the one who may refer them on."""
    worker = make_user(db, "worker@example.org", Role.LINK_WORKER)
    person.holder_id, person.status = worker.id, "in_support"
    db.commit()
    return worker


def refer(client, db, person, data):
    sign_in_as(client, db, holder(db, person))
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
    assert "Reason: The group is full." in client.get(f"/en/triage/referrals/{person.reference}").text()


def test_a_status_cannot_jump_ahead(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sent = db.scalar(select(GroupReferral))
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    url = f"/en/organisation/referrals/{sent.id}"
    client.submit(client.get(url), url, {"status": "attended"}, expected_status=400)


def case_rows(client, person):
    page = client.get(f"/en/triage/referrals/{person.reference}")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select(".group-referrals tbody tr")
    ]


def test_the_holder_refers_from_the_case_page_and_comes_back_to_it(client, db):
    listing, person = arrange(db)
    sign_in_as(client, db, holder(db, person))
    case = client.get(f"/en/triage/referrals/{person.reference}")
    assert "Not referred to any groups yet." in case.text()
    refer_url = case.one("a[href$='/refer-to-a-group']")["href"]
    form = client.get(refer_url)
    sent = client.submit(form, refer_url, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    assert sent.response.headers["Location"].endswith(f"/en/triage/referrals/{person.reference}")
    [[group, state, when, _follow_up]] = case_rows(client, person)
    assert (group, state) == ("Tuesday Walk", "Waiting for the group") and when


def test_the_case_page_follows_each_change_the_group_makes(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sent = db.scalar(select(GroupReferral))
    worker = db.scalar(select(User).where(User.email == "worker@example.org"))
    lead = db.scalar(select(User).where(User.email == "lead@example.org"))
    url = f"/en/organisation/referrals/{sent.id}"
    for status, shown in (("accepted", "Accepted"), ("did_not_attend", "Did not come")):
        sign_in_as(client, db, lead)
        client.submit(client.get(url), url, {"status": status}, expected_status=303)
        sign_in_as(client, db, worker)
        assert [row[1] for row in case_rows(client, person)] == [shown]


def test_another_link_worker_sees_the_referrals_but_cannot_refer(client, db):
    listing, person = arrange(db)
    holder(db, person)
    sign_in_as(client, db, make_user(db, "other@example.org", Role.LINK_WORKER))
    assert not client.get(f"/en/triage/referrals/{person.reference}").select("a[href$='/refer-to-a-group']")
    url = f"/en/referrals/{person.id}/refer-to-a-group"
    page = client.get(url)
    assert not page.select("main form")
    data = {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"}
    client.submit(page, url, data, expected_status=403)
    assert db.scalar(select(GroupReferral)) is None


def test_nobody_refers_from_a_closed_referral(client, db):
    listing, person = arrange(db)
    sign_in_as(client, db, holder(db, person))
    person.status = "closed"
    db.commit()
    url = f"/en/referrals/{person.id}/refer-to-a-group"
    page = client.get(url)
    assert "This referral is closed" in page.text()
    data = {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"}
    client.submit(page, url, data, expected_status=409)


def test_the_organisations_inbox_shows_nothing_else_about_the_person(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    inbox = client.get("/en/organisation/referrals")
    assert "Sam Jones" in inbox.text()
    for private in (person.reference, "Private things", "+447911123456"):
        assert private not in inbox.html


def test_the_editors_dashboard_says_how_many_referrals_wait_for_an_answer(client, db):
    listing, person = arrange(db)
    refer(client, db, person, {"listing": str(listing.id), "contact": "07911 123456", "consent": "y"})
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    link = client.get("/en/organisation").one("a[href$='/organisation/referrals']:-soup-contains('waiting')")
    assert link.get_text(strip=True) == "1 referral is waiting for your answer"
