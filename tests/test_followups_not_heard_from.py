"""People who stop answering after a referral to a group, listed for the holder: no answer
to "Did you go?", or nobody has reached them for weeks."""

from datetime import timedelta

from portal.accounts.models import Role
from portal.triage.models import ContactAttempt
from tests.authz import make_user, sign_in_as
from tests.followups_helpers import FRIDAY_2PM, arrange, send
from tests.test_followups_asking import A_WEEK_ON, answer_path, asked
from tests.triage_helpers import clock_at

URL = "/en/triage/not-heard-from"


def listed(client, app, at):
    with clock_at(app, at):
        page = client.get(URL)
    return [row.get_text(" ", strip=True) for row in page.select("tbody tr")]


def test_no_answer_to_the_follow_up_is_listed_after_three_days(client, app, db):
    arranged, _sent, _message = asked(app, db)
    sign_in_as(client, db, arranged.worker)
    assert listed(client, app, A_WEEK_ON + timedelta(days=2)) == []
    [row] = listed(client, app, A_WEEK_ON + timedelta(days=3, minutes=1))
    assert arranged.person.reference in row and "Headingley Health Walk" in row
    assert "No answer when asked how it went on 24 March 2026" in row


def test_an_answer_takes_them_off_the_list(client, app, db):
    arranged, _sent, message = asked(app, db)
    sign_in_as(client, db, arranged.worker)
    with clock_at(app, A_WEEK_ON):
        path = answer_path(message, 1)
        page = client.get(path)
        client.submit(page, path, {}, 303)
    assert listed(client, app, A_WEEK_ON + timedelta(days=4)) == []


def test_nobody_reached_for_four_weeks_is_listed_until_someone_is(client, app, db):
    arranged = arrange(app, db)
    send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    assert listed(client, app, FRIDAY_2PM + timedelta(weeks=4) - timedelta(hours=1)) == []
    [row] = listed(client, app, FRIDAY_2PM + timedelta(weeks=4, hours=1))
    assert "Last heard from on 13 March 2026" in row
    db.add(ContactAttempt(referral_id=arranged.person.id, made_by_id=arranged.worker.id,
                          made_at=FRIDAY_2PM + timedelta(weeks=4), method="phone", outcome="spoke"))  # fmt: skip
    db.commit()
    assert listed(client, app, FRIDAY_2PM + timedelta(weeks=4, hours=1)) == []


def test_a_link_worker_sees_their_own_and_a_coordinator_the_teams(client, app, db):
    arranged = arrange(app, db)
    send(app, db, arranged, FRIDAY_2PM)
    later = FRIDAY_2PM + timedelta(weeks=5)
    sign_in_as(client, db, make_user(db, "another@scheme.example", Role.LINK_WORKER))
    assert listed(client, app, later) == []
    sign_in_as(client, db, make_user(db, "coordinator@scheme.example", Role.COORDINATOR))
    [row] = listed(client, app, later)
    assert arranged.worker.name in row
