"""The issue's "done when": with three teams set up (Central practices, Family under 18, Money
advice), referrals made through the public journey reach the right team's queue; each team's
worker sees and takes only their own; a coordinator transfers one with a reason, and the other
team sees it arrive."""

from sqlalchemy import select

from portal.accounts.models import Role
from portal.referrals.models import Referral
from tests.authz import make_user, sign_in_as
from tests.referral_journeys import SELF_REFERRAL_ANSWERS, send, take_time, walk, with_answers
from tests.teams_helpers import demo_practices, join, three_teams


def refer(client, db, answers):
    check = walk(client, answers=answers)
    take_time(db)
    send(client, check)
    client.get("/exit", expected_status=303)  # the next person starts afresh
    return db.scalars(select(Referral).order_by(Referral.id.desc())).first()


def queue(client, db, user, query=""):
    sign_in_as(client, db, user)
    page = client.get(f"/en/triage{query}")
    return page, [cell.select_one("a").get_text() for cell in page.select("table.triage-queue tbody th")]


def test_three_teams_each_get_their_own_referrals_and_see_a_transfer_arrive(app, db, client):
    demo_practices(db)
    teams = three_teams(db)
    central = make_user(db, "asha@example.org", Role.LINK_WORKER, name="Asha Patel")
    family = make_user(db, "femi@example.org", Role.LINK_WORKER, name="Femi Family")
    money = make_user(db, "max@example.org", Role.LINK_WORKER, name="Max Adviser")
    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR, name="Cora Ordinator")
    join(db, teams["central"], central)
    join(db, teams["family"], family, "family_link_worker")
    join(db, teams["money"], money, "adviser")

    registered = [*SELF_REFERRAL_ANSWERS[:4], ("gp-practice", {"gp_practice": "Z99010"}), *SELF_REFERRAL_ANSWERS[4:]]
    lonely = refer(client, db, with_answers(registered, help_with={"needs": ["lonely"]}))
    child = [
        ("urgent", {"urgent": "no"}),
        ("who-for", {"who_for": "someone_else", "relationship": "Her mum"}),
        ("their-agreement", {"person_agrees": "yes"}),
        *with_answers(registered[2:], date_of_birth={"dob_day": "1", "dob_month": "6", "dob_year": "2014"}),
    ]
    young = refer(client, db, child)
    debts = refer(client, db, with_answers(registered, gp_practice={"gp_practice": "do_not_know"}))
    assert [lonely.team_id, young.team_id, debts.team_id] == [t.id for t in teams.values()]
    assert lonely.routed_by["matched_by"] == "practice"

    for worker, own in ((central, lonely), (family, young), (money, debts)):
        page, shown = queue(client, db, worker)
        assert shown == [own.reference], worker.name
        client.submit(page, "/en/triage/take-next", {})
        db.refresh(own)
        assert own.holder_id == worker.id

    sign_in_as(client, db, coordinator)
    case = client.get(f"/en/triage/referrals/{lonely.reference}")
    assert "Rule 3: A team covers their GP practice or, if not, their postcode area" in case.text("#team + dl")
    client.submit(
        case,
        f"/en/triage/referrals/{lonely.reference}/transfer",
        {
            **case.form_values("form[action$='/transfer']"),
            "transfer-team": "money-advice",
            "transfer-reason": "They would like debt advice first",
        },
    )

    page, shown = queue(client, db, money)
    assert set(shown) == {debts.reference, lonely.reference}
    assert "Transferred from Central practices" in " ".join(page.text("table").split())
    _page, shown = queue(client, db, central)
    assert shown == []
