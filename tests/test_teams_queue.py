"""Each team's queue: a link worker sees their own teams by default and another team's read-only,
takes only their own teams' referrals (and only those their role may take); a coordinator sees
every team; counts are per team; a transfer keeps the referral's history and times and is
announced in the new team's queue."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.referrals.models import Referral
from portal.teams.models import ReferralTransfer
from tests.authz import make_user, sign_in_as
from tests.teams_helpers import join, make_team
from tests.triage_helpers import WEDNESDAY_NOON, clock_at, make_referral


@pytest.fixture
def setup(app, db):
    central = make_team(db, "Central practices", roles=["link_worker", "care_coordinator"])
    money = make_team(db, "Money advice", roles=["adviser"], first_contact_working_days=5)
    worker = make_user(db, "asha@example.org", Role.LINK_WORKER, name="Asha Patel")
    adviser = make_user(db, "max@example.org", Role.LINK_WORKER, name="Max Adviser")
    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR, name="Cora Ordinator")
    join(db, central, worker)
    join(db, money, adviser, "adviser")
    return {"central": central, "money": money, "worker": worker, "adviser": adviser, "coordinator": coordinator}


def references_in(page):
    return [cell.select_one("a").get_text() for cell in page.select("table.triage-queue tbody th")]


def as_(client, db, user):
    sign_in_as(client, db, user)
    return client


def test_a_link_worker_sees_their_own_teams_and_what_no_team_has_by_default(app, db, client, setup):
    mine = make_referral(app, db, team_id=setup["central"].id)
    loose = make_referral(app, db)
    make_referral(app, db, team_id=setup["money"].id)
    page = as_(client, db, setup["worker"]).get("/en/triage")
    assert set(references_in(page)) == {mine.reference, loose.reference}
    assert page.one(".team-tabs a[aria-current=page]").select_one(".team-tabs__name").get_text() == "Your teams"


def test_another_teams_queue_can_be_read_but_not_taken_from(app, db, client, setup):
    theirs = make_referral(app, db, team_id=setup["money"].id)
    page = as_(client, db, setup["worker"]).get("/en/triage?team=money-advice")
    assert references_in(page) == [theirs.reference]
    assert "You are not in this team" in page.text()
    assert not page.select("table.triage-queue form")
    refused = client.submit(page, f"/en/triage/referrals/{theirs.reference}/take", {}, expected_status=403)
    assert refused.status == 403
    db.refresh(theirs)
    assert theirs.holder_id is None


def test_the_case_page_of_another_teams_referral_offers_no_take_button(app, db, client, setup):
    theirs = make_referral(app, db, team_id=setup["money"].id)
    page = as_(client, db, setup["worker"]).get(f"/en/triage/referrals/{theirs.reference}")
    assert "Take this referral" not in page.text()
    assert "Money advice" in page.text("#team + dl")


def test_take_next_takes_only_from_the_link_workers_own_teams(app, db, client, setup):
    make_referral(app, db, team_id=setup["money"].id, urgent=True)
    own = make_referral(app, db, team_id=setup["central"].id, submitted_at=WEDNESDAY_NOON + timedelta(hours=1))
    page = as_(client, db, setup["worker"]).get("/en/triage")
    client.submit(page, "/en/triage/take-next", {})
    db.refresh(own)
    assert own.holder_id == setup["worker"].id


def test_with_nothing_in_their_teams_take_next_takes_nothing_from_other_teams(app, db, client, setup):
    other = make_referral(app, db, team_id=setup["money"].id)
    after = client.follow(as_(client, db, setup["worker"]).submit(client.get("/en/triage"), "/en/triage/take-next", {}))
    assert "There are no referrals waiting to be taken." in after.text("body")
    db.refresh(other)
    assert other.holder_id is None


def test_a_referral_routed_to_a_role_is_taken_only_by_that_role(app, db, client, setup):
    care = make_user(db, "cara@example.org", Role.LINK_WORKER, name="Cara Coordinator")
    join(db, setup["central"], care, "care_coordinator")
    for_care = make_referral(app, db, team_id=setup["central"].id, care_role="care_coordinator")
    page = as_(client, db, setup["worker"]).get("/en/triage")
    assert not page.select("table.triage-queue form")
    client.submit(page, f"/en/triage/referrals/{for_care.reference}/take", {}, expected_status=403)
    client.submit(page, "/en/triage/take-next", {})
    db.refresh(for_care)
    assert for_care.holder_id is None
    as_(client, db, care).submit(client.get("/en/triage"), "/en/triage/take-next", {})
    db.refresh(for_care)
    assert for_care.holder_id == care.id


def test_a_coordinator_sees_every_team_with_its_counts(app, db, client, setup):
    with clock_at(app, WEDNESDAY_NOON):
        make_referral(app, db, team_id=setup["central"].id, urgent=True)
        make_referral(app, db, team_id=setup["money"].id, submitted_at=WEDNESDAY_NOON - timedelta(days=9))
        make_referral(app, db, team_id=setup["money"].id)
        page = as_(client, db, setup["coordinator"]).get("/en/triage")
    assert len(references_in(page)) == 3
    tabs = {
        tab.select_one(".team-tabs__name").get_text(): tab.select_one(".team-tabs__counts").get_text(" ", strip=True)
        for tab in page.select(".team-tabs a")
    }
    assert tabs == {
        "Central practices": "1 open, 1 urgent",
        "Money advice": "2 open, 1 overdue",
        "All teams": "3 open, 1 urgent, 1 overdue",
    }
    assert [th.get_text() for th in page.select("table.triage-queue thead th")][0:3] == ["Reference", "Name", "Team"]


def test_one_teams_queue_says_its_promise_and_counts_only_its_referrals(app, db, client, setup):
    make_referral(app, db, team_id=setup["central"].id, status="in_support")
    make_referral(app, db, team_id=setup["money"].id)
    page = as_(client, db, setup["coordinator"]).get("/en/triage?team=money-advice")
    assert "Money advice promises first contact within 5 working days." in page.text()
    counts = [item.get_text(" ", strip=True) for item in page.select(".triage-counts li")]
    assert counts == ["1 New", "0 In triage", "0 Contact attempted", "0 In support"]


def test_filters_keep_the_team_shown(app, db, client, setup):
    page = as_(client, db, setup["coordinator"]).get("/en/triage?team=money-advice")
    assert page.one('.triage-filter-bar input[name="team"]')["value"] == "money-advice"
    assert page.one('.triage-refresh input[name="team"]')["value"] == "money-advice"


def test_an_unknown_team_shows_the_default_queue(app, db, client, setup):
    mine = make_referral(app, db, team_id=setup["central"].id)
    page = as_(client, db, setup["worker"]).get("/en/triage?team=no-such-team")
    assert references_in(page) == [mine.reference]


def _transfer(client, referral, team_slug, reason="Needs debt advice first"):
    page = client.get(f"/en/triage/referrals/{referral.reference}")
    form = page.form_values("form[action$='/transfer']")
    return client.submit(
        page,
        f"/en/triage/referrals/{referral.reference}/transfer",
        {**form, "transfer-team": team_slug, "transfer-reason": reason},
    )


def test_a_holder_transfers_a_referral_with_a_reason_keeping_its_history_and_times(app, db, client, setup):
    referral = make_referral(app, db, team_id=setup["central"].id, holder_id=setup["worker"].id, status="in_triage")
    received, due = referral.submitted_at, referral.due_at
    as_(client, db, setup["worker"])
    after = client.follow(_transfer(client, referral, "money-advice"))
    assert "Transferred to Money advice." in after.text()
    db.refresh(referral)
    assert (referral.team_id, referral.holder_id, referral.status) == (setup["money"].id, None, "new")
    assert (referral.submitted_at, referral.due_at) == (received, due)
    moved = db.scalars(select(ReferralTransfer)).one()
    assert (moved.reason, moved.from_team_id, moved.transferred_by_id) == (
        "Needs debt advice first",
        setup["central"].id,
        setup["worker"].id,
    )
    assert "From Central practices to Money advice" in after.text("#team ~ ol")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "triage.referral_transferred")).one()
    assert event.detail == {"from_team_id": setup["central"].id, "to_team_id": setup["money"].id, "new_due_time": False}


def test_the_new_teams_promise_applies_when_its_rule_says_so(app, db, client, setup):
    setup["money"].transfers_restart_promise = True
    db.commit()
    referral = make_referral(app, db, team_id=setup["central"].id)
    friday = datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    as_(client, db, setup["coordinator"])
    with clock_at(app, friday):
        _transfer(client, referral, "money-advice")
    db.refresh(referral)
    assert referral.due_at == datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    assert referral.submitted_at == WEDNESDAY_NOON


def test_the_new_team_sees_the_transfer_arrive(app, db, client, setup):
    referral = make_referral(app, db, team_id=setup["central"].id)
    seen = as_(client, db, setup["adviser"]).get("/en/triage")
    seen_transfer = seen.one("#queue-seen-transfer")["value"]
    as_(client, db, setup["coordinator"])
    _transfer(client, referral, "money-advice")
    since = f"seen={seen.one('#queue-seen')['value']}&seen_transfer={seen_transfer}"
    page = as_(client, db, setup["adviser"]).get(f"/en/triage?{since}")
    assert page.text("#queue-news") == "1 referral transferred in"
    row = page.one("table.triage-queue tbody tr")
    assert "Transferred from Central practices" in " ".join(row.get_text(" ").split())
    assert row.select_one("form")  # the adviser can take it


def test_someone_who_does_not_hold_it_cannot_transfer_it(app, db, client, setup):
    referral = make_referral(app, db, team_id=setup["central"].id, holder_id=setup["adviser"].id, status="in_triage")
    page = as_(client, db, setup["worker"]).get(f"/en/triage/referrals/{referral.reference}")
    assert not page.select("form[action$='/transfer']")
    refused = client.submit(
        page,
        f"/en/triage/referrals/{referral.reference}/transfer",
        {"transfer-team": "money-advice", "transfer-reason": "x", "transfer-version": "1"},
    )
    assert refused.status == 403


def test_a_transfer_needs_a_team_and_a_reason(app, db, client, setup):
    referral = make_referral(app, db, team_id=setup["central"].id)
    as_(client, db, setup["coordinator"])
    page = _transfer(client, referral, "", reason="")
    assert page.errors() == ["Select the team to transfer it to", "Enter why you are transferring it"]
    db.refresh(referral)
    assert referral.team_id == setup["central"].id


def test_the_case_says_which_rule_routed_it(app, db, client, setup):
    from portal.teams.models import RuleKind
    from tests.teams_helpers import make_rule

    make_rule(db, RuleKind.NEED, setup["money"], need="money")
    referral = make_referral(app, db, needs=["money"])
    page = as_(client, db, setup["coordinator"]).get(f"/en/triage/referrals/{referral.reference}")
    assert "Rule 1: They asked for help with: Money, debt or benefits" in page.text("#team + dl")


def test_the_old_referrals_of_a_queue_without_teams_work_as_before(app, db, client):
    worker = make_user(db, "solo@example.org", Role.LINK_WORKER)
    referral = make_referral(app, db)
    page = as_(client, db, worker).get("/en/triage")
    assert references_in(page) == [referral.reference] and not page.select(".team-tabs")
    client.submit(page, "/en/triage/take-next", {})
    assert db.scalar(select(Referral.holder_id)) == worker.id
