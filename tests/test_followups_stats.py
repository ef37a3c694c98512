"""How quickly a listing's group answers, worked out nightly and shown on its public page once
it has had at least 5 referrals in the last 12 months: never a small number."""

from datetime import timedelta

from sqlalchemy import select

from portal.followups.models import ListingResponse
from portal.organisations.models import GroupReferralStatus
from tests.followups_helpers import FRIDAY_2PM, arrange, group_answers, send
from tests.triage_helpers import clock_at

LATER = FRIDAY_2PM + timedelta(days=30)
ACCEPTED, DECLINED = GroupReferralStatus.ACCEPTED, GroupReferralStatus.DECLINED


def referrals_answered(app, db, answers):
    """One referral per (hours after Friday 14:00, answer); None: never answered."""
    arranged = arrange(app, db)
    for hours, status in answers:
        sent = send(app, db, arranged, FRIDAY_2PM)
        if hours is not None:
            group_answers(app, db, sent, status, FRIDAY_2PM + timedelta(hours=hours))
    return arranged


def nightly(app):
    with clock_at(app, LATER):
        result = app.test_cli_runner().invoke(args=["followups", "nightly"])
    assert result.exit_code == 0, result.output
    return result.output


def shown(client, arranged):
    page = client.get(f"/en/directory/listings/{arranged.listing.id}")
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd") for row in page.select(".summary-list__row")
    }
    found = rows.get("Referrals from link workers")
    return found.get_text(" ", strip=True) if found else None


# Fri 16:00 (same day), Mon 10:00, Mon 11:00, Mon 13:00 and Tue 10:00: 0, 1, 1, 1 and 2 working days.
FIVE = [(2, ACCEPTED), (68, ACCEPTED), (69, DECLINED), (71, ACCEPTED), (92, ACCEPTED)]


def test_a_group_with_five_referrals_shows_how_it_answers(client, app, db):
    arranged = referrals_answered(app, db, FIVE)
    assert "Listings with figures to show: 1" in nightly(app)
    assert shown(client, arranged) == "Usually answers within 1 working day. Takes on about 8 in 10 people referred."


def test_four_referrals_are_too_few_to_show(client, app, db):
    arranged = referrals_answered(app, db, FIVE[:4])
    nightly(app)
    assert shown(client, arranged) is None
    kept = db.scalar(select(ListingResponse))
    assert (kept.usual_answer_working_days, kept.accepted_in_ten) == (None, None)


def test_silence_past_the_deadline_counts_against_the_group(client, app, db):
    arranged = referrals_answered(app, db, [(2, ACCEPTED), (3, ACCEPTED), (None, None), (None, None), (None, None)])
    nightly(app)
    assert shown(client, arranged) is None  # most never answered, and two answers are too few to share


def test_the_figures_are_worked_out_again_each_night(client, app, db):
    arranged = referrals_answered(app, db, FIVE)
    nightly(app)
    nightly(app)
    assert len(db.scalars(select(ListingResponse)).all()) == 1
    assert shown(client, arranged).startswith("Usually answers within 1 working day.")


def test_referrals_older_than_a_year_are_not_counted(client, app, db):
    arranged = referrals_answered(app, db, FIVE)
    with clock_at(app, FRIDAY_2PM + timedelta(days=366)):
        app.test_cli_runner().invoke(args=["followups", "nightly"])
    assert shown(client, arranged) is None
