"""An organisation asks to join or claims one already listed; a coordinator approves (the
contact is invited as lead editor) or declines with a reason sent by email."""

from sqlalchemy import select

from portal.accounts.models import Invitation, Role
from portal.organisations.models import JoinRequest, Organisation, OrganisationStatus, RequestKind, RequestState
from portal.outbox.models import OutboxMessage
from tests.authz import make_organisation, make_user, sign_in_as

JOIN = "/en/list-your-group"
ANSWERS = {
    "organisation_name": "Chapeltown Knit and Natter",
    "registered_number": "1234567",
    "contact_name": "Amina Khan",
    "email": "amina@example.org",
    "phone": "07911 123456",
    "what_they_do": "A weekly knitting group for anyone who wants company.",
    "area": "Chapeltown",
}


def ask_to_join(client, answers=None, url=JOIN):
    page = client.get(url)
    return client.submit(page, url, answers or ANSWERS, expected_status=303)


def messages(db, template):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def test_an_organisation_asks_to_join_and_waits_for_a_coordinator(client, db):
    sent = ask_to_join(client)
    assert "We have your request" not in sent.html
    assert client.follow(sent).h1 == "Thank you, we have your request"
    request = db.scalar(select(JoinRequest))
    assert (request.kind, request.state, request.contact_name) == (RequestKind.JOIN, RequestState.WAITING, "Amina Khan")
    assert db.get(Organisation, request.organisation_id).status == OrganisationStatus.PENDING


def test_each_missing_answer_has_its_own_message(client):
    page = client.get(JOIN)
    shown = client.submit(page, JOIN, {}, expected_status=200)
    assert shown.errors() == [
        "Enter the name of your organisation",
        "Enter your full name",
        "Enter your email address",
        "Enter a phone number",
        "Tell us what your organisation does",
        "Enter the area you work in",
    ]
    assert shown.title.startswith("Error:")


def test_a_robot_filling_the_hidden_field_is_thanked_but_nothing_is_stored(client, db):
    ask_to_join(client, {**ANSWERS, "website": "http://spam.example"})
    assert db.scalar(select(JoinRequest)) is None


def test_asking_too_often_is_refused(client):
    for _ in range(5):
        ask_to_join(client)
    page = client.get(JOIN)
    client.submit(page, JOIN, ANSWERS, expected_status=429)


def _coordinator(client, db):
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    return coordinator


def _decide(client, db, data):
    request = db.scalar(select(JoinRequest))
    url = f"/en/coordinator/organisation-requests/{request.id}"
    page = client.get(url)
    return client.submit(page, url, data), request.id


def test_approving_invites_the_contact_as_lead_editor(client, db):
    ask_to_join(client)
    _coordinator(client, db)
    assert "Chapeltown Knit and Natter" in client.get("/en/coordinator/organisation-requests").text()
    response, request_id = _decide(client, db, {"decision": "approve"})
    assert response.status == 303
    db.expire_all()
    invitation = db.scalar(select(Invitation))
    assert (invitation.email, invitation.role, invitation.is_org_admin) == ("amina@example.org", Role.ORG_EDITOR, True)
    assert db.get(Organisation, invitation.organisation_id).status == OrganisationStatus.APPROVED
    assert db.get(JoinRequest, request_id).state == RequestState.APPROVED
    assert len(messages(db, "account-invitation")) == 1


def test_declining_needs_a_reason_and_emails_it(client, db):
    ask_to_join(client)
    _coordinator(client, db)
    shown, _ = _decide(client, db, {"decision": "decline"})
    assert shown.errors() == ["Enter the reason"]
    response, request_id = _decide(client, db, {"decision": "decline", "reason": "We only list groups in Leeds."})
    assert response.status == 303
    db.expire_all()
    assert db.get(JoinRequest, request_id).state == RequestState.DECLINED
    [email] = messages(db, "organisation-declined")
    assert (email.recipient, email.context["reason"]) == ("amina@example.org", "We only list groups in Leeds.")


def test_someone_claims_an_organisation_already_listed_and_the_coordinator_confirms(client, db):
    organisation = make_organisation(db, "leeds-walkers", "Leeds Walkers")
    ask_to_join(client, {**ANSWERS, "organisation_name": "Leeds Walkers"}, "/en/organisations/leeds-walkers/claim")
    request = db.scalar(select(JoinRequest))
    assert (request.kind, request.organisation_id) == (RequestKind.CLAIM, organisation.id)
    _coordinator(client, db)
    _decide(client, db, {"decision": "approve"})
    assert db.scalar(select(Invitation)).organisation_id == organisation.id


def test_organisations_are_listed_on_the_command_line(app, db):
    make_organisation(db, "leeds-walkers", "Leeds Walkers")
    db.add(Organisation(slug="new-group", name="New Group", status=OrganisationStatus.PENDING))
    db.commit()
    output = app.test_cli_runner().invoke(args=["orgs", "list"]).output
    assert output == "leeds-walkers\tLeeds Walkers\nnew-group\tNew Group\n"


def approve_on_the_command_line(app, slug):
    return app.test_cli_runner().invoke(args=["orgs", "approve", slug])


def test_approving_on_the_command_line_does_what_the_approve_button_does(app, client, db):
    ask_to_join(client, url="/cy/list-your-group")
    request = db.scalar(select(JoinRequest))
    result = approve_on_the_command_line(app, request.organisation.slug)
    assert result.exit_code == 0, result.output
    assert "amina@example.org" in result.output
    db.expire_all()
    invitation = db.scalar(select(Invitation))
    assert (invitation.email, invitation.role, invitation.is_org_admin) == ("amina@example.org", Role.ORG_EDITOR, True)
    assert invitation.locale == "cy"  # the language they asked in
    assert db.get(Organisation, invitation.organisation_id).status == OrganisationStatus.APPROVED
    assert db.get(JoinRequest, request.id).state == RequestState.APPROVED
    [email] = messages(db, "account-invitation")
    assert email.locale == "cy" and "/cy/" in email.context["link"] and email.context["invited_by"] is None


def test_the_invitation_sent_from_the_command_line_reads_well(app, client, db):
    from portal.outbox.models import Channel
    from portal.outbox.rendering import render_message

    ask_to_join(client)
    approve_on_the_command_line(app, db.scalar(select(JoinRequest)).organisation.slug)
    [email] = messages(db, "account-invitation")
    with app.app_context():
        body = render_message("account-invitation", Channel.EMAIL, "en", email.context).body
    assert "You are invited to Leeds Community Connect to keep the listings of Chapeltown Knit and Natter" in body
    assert "None" not in body


def test_the_command_line_approves_a_claim_too(app, client, db):
    organisation = make_organisation(db, "leeds-walkers", "Leeds Walkers")
    ask_to_join(client, {**ANSWERS, "organisation_name": "Leeds Walkers"}, "/en/organisations/leeds-walkers/claim")
    assert approve_on_the_command_line(app, "leeds-walkers").exit_code == 0
    assert db.scalar(select(Invitation)).organisation_id == organisation.id


def test_the_command_line_says_when_there_is_nothing_to_approve(app, client, db):
    make_organisation(db, "leeds-walkers", "Leeds Walkers")
    assert "no organisation" in approve_on_the_command_line(app, "nobody").output
    assert "no request" in approve_on_the_command_line(app, "leeds-walkers").output
    ask_to_join(client)
    slug = db.scalar(select(JoinRequest)).organisation.slug
    make_user(db, "amina@example.org", Role.ORG_EDITOR)
    refused = approve_on_the_command_line(app, slug)
    assert refused.exit_code != 0 and "already an account" in refused.output
    db.expire_all()
    assert db.scalar(select(JoinRequest)).state == RequestState.WAITING


def test_demo_data_adds_a_request_a_change_and_a_problem_once(db):
    from portal.accounts.demo import DEMO_ORGANISATION
    from portal.organisations.demo import load_demo
    from portal.organisations.models import ListingRevision, ProblemReport
    from tests.organisations_helpers import published_listing

    published_listing(db, make_organisation(db, *DEMO_ORGANISATION))  # the demo editor's organisation
    assert len(load_demo(db)) == 2
    db.commit()
    assert load_demo(db) == []
    counts = [len(db.scalars(select(model)).all()) for model in (JoinRequest, ListingRevision, ProblemReport)]
    assert counts == [1, 2, 1]
