"""A group's deadline to answer a referral: working days across weekends and bank holidays,
reminders to the organisation's editors halfway and on the day, the holder told once it has
passed, and the holder's chase, cancel and refer elsewhere."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import AuditEvent
from portal.organisations.models import GroupReferralStatus
from tests.authz import make_user, sign_in_as
from tests.followups_helpers import FRIDAY_2PM, arrange, group_answers, messages, rendered, run_due, send
from tests.triage_helpers import clock_at

# Thursday 2 April 2026, 14:00 BST: Good Friday and Easter Monday come next.
BEFORE_EASTER = datetime(2026, 4, 2, 13, 0, tzinfo=UTC)


def test_the_deadline_skips_the_weekend(app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)  # 5 working days, the scheme's setting
    assert sent.answer_due_at == datetime(2026, 3, 20, 14, 0, tzinfo=UTC)
    assert sent.halfway_reminder_at == datetime(2026, 3, 17, 14, 0, tzinfo=UTC)  # 2 working days: Tuesday
    assert sent.day_reminder_at == datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # the morning of the day


def test_the_deadline_skips_bank_holidays(app, db):
    arranged = arrange(app, db)
    app.config["FOLLOWUPS_ANSWER_WORKING_DAYS"] = 2
    sent = send(app, db, arranged, BEFORE_EASTER)
    # Good Friday, the weekend and Easter Monday are skipped: Tuesday, then Wednesday 8 April.
    assert sent.answer_due_at == datetime(2026, 4, 8, 13, 0, tzinfo=UTC)
    assert sent.halfway_reminder_at == datetime(2026, 4, 7, 13, 0, tzinfo=UTC)


def test_the_scheme_closure_days_are_skipped_too(app, db):
    arranged = arrange(app, db)
    app.config["FOLLOWUPS_ANSWER_WORKING_DAYS"] = 1
    app.config["TRIAGE_CLOSURE_DAYS"] = ("2026-03-16",)
    sent = send(app, db, arranged, FRIDAY_2PM)
    assert sent.answer_due_at == datetime(2026, 3, 17, 14, 0, tzinfo=UTC)
    assert sent.halfway_reminder_at is None  # one working day: the day's reminder only


def test_an_organisation_can_have_its_own_time_to_answer(app, db):
    arranged = arrange(app, db)
    arranged.organisation.answer_within_working_days = 2
    db.commit()
    sent = send(app, db, arranged, FRIDAY_2PM)
    assert sent.answer_due_at == datetime(2026, 3, 17, 14, 0, tzinfo=UTC)


def test_a_coordinator_sets_the_organisations_time_with_a_bounded_number(client, app, db):
    arranged = arrange(app, db)
    sign_in_as(client, db, make_user(db, "coordinator@scheme.example", "coordinator"))
    url = f"/en/coordinator/organisations/{arranged.organisation.id}/answer-time"
    page = client.get(url)
    assert client.submit(page, url, {"working_days": "99999999999999999999"}, 200).errors() == [
        "Enter the number of working days as a number, like 5"
    ]
    assert client.submit(page, url, {"working_days": "31"}, 200).errors() == [
        "Enter a number of working days from 1 to 30"
    ]
    client.submit(page, url, {"working_days": "3"}, 303)
    db.refresh(arranged.organisation)
    assert arranged.organisation.answer_within_working_days == 3
    client.submit(client.get(url), url, {"working_days": ""}, 303)
    db.refresh(arranged.organisation)
    assert arranged.organisation.answer_within_working_days is None


def test_the_editors_are_reminded_halfway_then_on_the_day_once_each(app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    assert run_due(app, FRIDAY_2PM + timedelta(days=1)).reminded == 0
    halfway = sent.halfway_reminder_at + timedelta(minutes=5)
    assert run_due(app, halfway).reminded == 1
    assert run_due(app, halfway).reminded == 0  # safe to repeat
    reminders = messages(db, "group-answer-reminder")
    assert sorted(message.recipient for message in reminders) == ["colleague@walkers.example", "lead@walkers.example"]
    assert {message.locale for message in reminders} == {"en", "cy"}
    english = rendered(app, next(m for m in reminders if m.locale == "en"))
    assert english.subject == "A referral to Headingley Health Walk is waiting for your answer"
    assert "Friday 20 March 2026, 14:00" in english.body and "Sam" not in english.body
    assert run_due(app, sent.day_reminder_at + timedelta(minutes=1)).reminded == 1
    on_the_day = [message for message in messages(db, "group-answer-reminder") if message.locale == "en"][-1]
    assert rendered(app, on_the_day).subject.startswith("Today: answer the referral")


def test_no_reminder_goes_once_the_group_has_answered(app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    group_answers(app, db, sent, GroupReferralStatus.ACCEPTED, FRIDAY_2PM + timedelta(hours=2))
    assert run_due(app, sent.day_reminder_at + timedelta(minutes=1)).reminded == 0
    assert sent.answered_at == FRIDAY_2PM + timedelta(hours=2)


def test_a_reminder_missed_past_the_deadline_is_not_sent_late(app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    report = run_due(app, sent.answer_due_at + timedelta(hours=1))
    assert (report.reminded, report.escalated) == (0, 1)
    assert messages(db, "group-answer-reminder") == []


def test_past_the_deadline_the_holder_sees_no_answer_from_the_group(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    with clock_at(app, sent.answer_due_at - timedelta(minutes=1)):
        assert "No answer from the group" not in client.get("/en/triage/caseload").text()
    late = sent.answer_due_at + timedelta(minutes=1)
    with clock_at(app, late):
        assert "No answer from the group" in client.get("/en/triage/caseload").text()
        assert "No answer from the group" in client.get("/en/triage?holder=mine").text()
        case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
        assert "No answer from the group" in case.text(".group-referrals")
    run_due(app, late)
    run_due(app, late)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "group_referral.no_answer")).all()
    assert len(events) == 1


def test_the_holder_chases_the_group_in_one_step(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    late = sent.answer_due_at + timedelta(hours=1)  # Friday 20 March, 15:00
    with clock_at(app, late):
        case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
        chased = client.submit(case, f"/en/group-referrals/{sent.id}/chase", {}, 303)
        assert chased.response.headers["Location"].endswith("#group-referrals")
        assert "No answer from the group" not in client.follow(chased).text(".group-referrals")
    db.refresh(sent)
    assert (sent.chases, sent.answer_due_at) == (1, datetime(2026, 3, 24, 15, 0, tzinfo=UTC))  # 2 working days
    assert sent.halfway_reminded_at is None and sent.day_reminded_at is None
    chases = messages(db, "group-referral-chase")
    assert len(chases) == 2 and "Tuesday 24 March 2026, 15:00" in rendered(app, chases[0]).body


def test_only_a_waiting_referral_is_chased(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    group_answers(app, db, sent, GroupReferralStatus.ACCEPTED, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
    assert not case.select(f"form[action$='/group-referrals/{sent.id}/chase']")
    client.submit(case, f"/en/group-referrals/{sent.id}/chase", {}, 409)


def test_the_holder_cancels_and_the_group_is_told(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
    client.submit(case, f"/en/group-referrals/{sent.id}/cancel", {}, 303)
    db.refresh(sent)
    assert sent.status == GroupReferralStatus.CANCELLED
    told = messages(db, "group-referral-cancelled")
    assert {message.recipient for message in told} == {"lead@walkers.example", "colleague@walkers.example"}
    sign_in_as(client, db, arranged.lead)
    assert "Cancelled by the link worker" in client.get("/en/organisation/referrals").text()
    page = client.get(f"/en/organisation/referrals/{sent.id}")
    assert not page.select("main form")  # nothing left for the group to do


def test_refer_elsewhere_cancels_and_opens_the_choice_of_another_group(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.worker)
    case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
    moved = client.submit(case, f"/en/group-referrals/{sent.id}/refer-elsewhere", {}, 303)
    assert moved.response.headers["Location"].endswith(f"/en/referrals/{arranged.person.id}/refer-to-a-group")
    page = client.follow(moved)
    assert "Cancelled the referral to Headingley Health Walk. Choose another group." in page.text()
    db.refresh(sent)
    assert sent.status == GroupReferralStatus.CANCELLED


def test_the_group_sees_when_to_answer_by(client, app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    sign_in_as(client, db, arranged.lead)
    with clock_at(app, FRIDAY_2PM):
        assert "20 Mar 2026, 14:00" in client.get("/en/organisation/referrals").text()
        assert (
            "Please accept or decline by 20 Mar 2026, 14:00"
            in client.get(f"/en/organisation/referrals/{sent.id}").text()
        )
    with clock_at(app, sent.answer_due_at + timedelta(minutes=1)):
        assert "Late" in client.get("/en/organisation/referrals").text()


def test_the_groups_answer_time_is_kept_for_reports(app, db):
    arranged = arrange(app, db)
    sent = send(app, db, arranged, FRIDAY_2PM)
    group_answers(app, db, sent, GroupReferralStatus.DECLINED, FRIDAY_2PM + timedelta(days=3))
    group_answers_at = sent.answered_at
    assert group_answers_at == FRIDAY_2PM + timedelta(days=3)
    assert sent.first_session_at is None
