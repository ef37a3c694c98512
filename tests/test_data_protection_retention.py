"""`flask retention run` on nine years of referrals: exactly what has expired is anonymised, the
reports' totals do not change, and a second run (or a dry run) changes nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.data_protection import retention
from portal.data_protection.cli import run_retention
from portal.data_protection.figures import reporting_totals
from portal.data_protection.retention import _years_before
from portal.organisations.models import GroupReferral
from portal.outbox.models import Channel, OutboxMessage
from portal.referrals.models import JourneyDraft, Referral
from portal.triage.models import CaseNote, ContactAttempt, WellbeingScore
from tests.directory_helpers import listing
from tests.triage_helpers import WEDNESDAY_NOON, clock_at, make_referral

NOW = WEDNESDAY_NOON
DAY = timedelta(days=1)


def closed(app, db, name, closed_at, reason="supported", **values):
    referral = make_referral(
        app,
        db,
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        date_of_birth=date(1950, 5, 1),
        submitted_at=closed_at - 30 * DAY,
        status="closed",
        closing_reason=reason,
        closed_at=closed_at,
        **values,
    )
    return referral


def with_case_work(db, referral, walk):
    db.add_all(
        [
            CaseNote(referral_id=referral.id, body="Talked about the allotment", written_at=referral.submitted_at),
            ContactAttempt(referral_id=referral.id, method="phone", outcome="spoke", made_at=referral.submitted_at),
            WellbeingScore(referral_id=referral.id, stage="baseline", question="happiness", score=4),
            GroupReferral(
                referral_id=referral.id,
                listing_id=walk.id,
                organisation_id=walk.organisation_id,
                person_name=referral.full_name,
                preferred_contact="07911 123456",
                note="Likes mornings",
                consent_recorded_at=referral.submitted_at,
            ),
            OutboxMessage(
                channel=Channel.EMAIL,
                recipient=referral.email or referral.phone,
                template="referral-confirmation",
                locale="en",
                context={"reference": referral.reference},
                dedupe_key=f"referral-{referral.reference}-confirmation",
            ),
        ]
    )
    db.commit()


@pytest.fixture
def nine_years(app, db):
    walk = listing(db)
    people = {
        "spam_expired": closed(app, db, "Spam Old", NOW - 31 * DAY, reason="spam"),
        "spam_recent": closed(app, db, "Spam New", NOW - 29 * DAY, reason="spam"),
        "nine_years": closed(app, db, "Nina Nine", _years_before(NOW, 9)),
        "just_over_eight": closed(app, db, "Olive Over", _years_before(NOW, 8) - DAY),
        "just_under_eight": closed(app, db, "Una Under", _years_before(NOW, 8) + DAY),
        "last_year": closed(app, db, "Lee Recent", NOW - 365 * DAY, reason="declined"),
        "open_for_years": make_referral(app, db, full_name="Opal Open", submitted_at=_years_before(NOW, 9)),
    }
    for referral in people.values():
        with_case_work(db, referral, walk)
    db.add_all(
        [
            JourneyDraft(
                token="old", journey="self", answers={"full_name": "Draft"}, submission_token="a", expires_at=NOW - DAY
            ),
            JourneyDraft(
                token="new", journey="self", answers={"full_name": "Draft"}, submission_token="b", expires_at=NOW + DAY
            ),
        ]
    )
    db.commit()
    return people


EXPIRED = {"spam_expired", "nine_years", "just_over_eight"}


def erased(db, people):
    db.expire_all()
    return {key for key, referral in people.items() if db.get(Referral, referral.id).personal_details_erased_at}


def test_exactly_the_expired_referrals_are_anonymised_and_the_totals_do_not_change(app, db, nine_years):
    with app.app_context():
        before = reporting_totals(db)
    with clock_at(app, NOW), app.app_context():
        outcome = run_retention()
    assert outcome.startswith("Removed 1 expired drafts")
    assert erased(db, nine_years) == EXPIRED
    with app.app_context():
        assert reporting_totals(db) == before
    assert db.scalars(select(JourneyDraft.token)).all() == ["new"]


def test_anonymising_removes_names_contact_details_answers_and_notes_and_keeps_the_counts(app, db, nine_years):
    with clock_at(app, NOW), app.app_context():
        run_retention()
    db.expire_all()
    gone = db.get(Referral, nine_years["nine_years"].id)
    assert (gone.full_name, gone.email, gone.phone, gone.date_of_birth, gone.answers) == (None,) * 5
    assert (gone.outward_code, gone.status, gone.closing_reason, gone.age_band) == (
        "LS6",
        "closed",
        "supported",
        "65_74",
    )
    assert db.scalar(select(CaseNote.body).where(CaseNote.referral_id == gone.id)) == ""
    group = db.scalar(select(GroupReferral).where(GroupReferral.referral_id == gone.id))
    assert (group.person_name, group.preferred_contact, group.note) == ("", "", "")
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key.contains(gone.reference)))
    assert (message.recipient, message.context) == ("", {})
    kept = db.get(Referral, nine_years["just_under_eight"].id)
    assert kept.full_name == "Una Under"
    assert db.scalar(select(CaseNote.body).where(CaseNote.referral_id == kept.id)) == "Talked about the allotment"


def test_a_second_run_finds_nothing_to_do(app, db, nine_years):
    with clock_at(app, NOW), app.app_context():
        run_retention()
        assert run_retention() == (
            "Removed 0 expired drafts; removed the personal details of 0 referrals closed as spam "
            "and 0 other closed referrals; removed the content of 0 sent messages and 0 expired audit events."
        )


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(app, db, nine_years):
    with clock_at(app, NOW), app.app_context():
        outcome = run_retention(dry_run=True)
    assert outcome == (
        "Would remove 1 expired drafts; would remove the personal details of 1 referrals closed as spam "
        "and 2 other closed referrals; would remove the content of 0 sent messages and 0 expired audit events."
    )
    assert erased(db, nine_years) == set()
    assert len(db.scalars(select(JourneyDraft)).all()) == 2


def test_the_command_line_runs_it(app, db, nine_years):
    with clock_at(app, NOW):
        result = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert "1 referrals closed as spam" in result.output


def test_the_periods_come_from_the_settings(app, db, nine_years):
    from dataclasses import replace

    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = replace(settings, retention=replace(settings.retention, closed_years=1, audit_years=2))
    with clock_at(app, NOW), app.app_context():
        report = retention.run(db, NOW, dry_run=True)
    assert (report.spam, report.closed) == (1, 4)


def test_the_audit_log_must_be_kept_longer_than_the_records(tmp_path):
    from portal.config import load_settings

    environ = {"PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40}
    with pytest.raises(ValueError, match="RETENTION_AUDIT_YEARS"):
        load_settings({**environ, "RETENTION_AUDIT_YEARS": "8"})


def test_the_privacy_notice_states_the_periods_from_the_settings(app, client):
    from dataclasses import replace

    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = replace(settings, retention=replace(settings.retention, closed_years=7))
    text = client.get("/en/privacy").text()
    assert "we delete them 24 hours after your last change" in text
    assert "personal details 30 days after closing it" in text
    assert "we keep your information for 7 years after your support ends" in text
    assert "changed your information for 10 years, then we delete it. That is longer" in text
    assert "we remove what they said 30 days after sending them" in text
    welsh = client.get("/cy/privacy").text()
    assert "8 mlynedd" not in welsh and "7 mlynedd" in welsh


def test_search_records_hold_no_personal_data():
    from portal.directory.models import SearchRecord

    columns = set(SearchRecord.__table__.columns.keys())
    assert columns == {
        "id",
        "created_at",
        "outward_code",
        "place_outcome",
        "categories",
        "filters",
        "result_count",
        "locale",
        "known_words",  # only words of our own vocabulary (`directory.search_words`), never a name
        "other_words",
    }


def test_erasing_a_person_removes_their_details_now_closes_an_open_referral_and_is_audited(app, db, nine_years):
    from portal.accounts.models import AuditEvent

    person = nine_years["open_for_years"]
    result = app.test_cli_runner().invoke(args=["retention", "erase", person.reference.lower()])
    assert result.output == "Erased the personal details of 1 referrals.\n"
    db.expire_all()
    gone = db.get(Referral, person.id)
    assert (gone.full_name, gone.status, gone.closing_reason) == (None, "closed", "declined")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "data_protection.person_erased"))
    assert event.subject_id == person.reference


def test_erasure_is_refused_while_a_safeguarding_concern_is_open_with_the_reason(app, db):
    worried = make_referral(app, db, full_name="Sal Safe", safeguarding=True, status="in_triage")
    result = app.test_cli_runner().invoke(args=["retention", "erase", worried.reference])
    assert result.exit_code != 0
    assert f"{worried.reference}. It cannot be erased while a safeguarding concern is open on it." in result.output
    db.expire_all()
    assert db.get(Referral, worried.id).full_name == "Sal Safe"


def sent_message(db, key, sent_at, status="sent"):
    message = OutboxMessage(
        channel=Channel.EMAIL,
        recipient="practice@nhs.net",
        template="gp-message",
        locale="en",
        context={"content": {"needs": ["loneliness"]}},
        status=status,
        sent_at=sent_at,
        dedupe_key=key,
    )
    db.add(message)
    db.commit()
    return message


def test_what_sent_messages_said_goes_once_their_period_is_over(app, db):
    old = sent_message(db, "old", NOW - 31 * DAY)
    recent = sent_message(db, "recent", NOW - 29 * DAY)
    waiting = sent_message(db, "waiting", None, status="pending")
    with clock_at(app, NOW), app.app_context():
        assert "would remove the content of 1 sent messages" in run_retention(dry_run=True)
        assert "removed the content of 1 sent messages" in run_retention()
        assert "removed the content of 0 sent messages" in run_retention()
    db.expire_all()
    assert (db.get(OutboxMessage, old.id).recipient, db.get(OutboxMessage, old.id).context) == ("", {})
    assert db.get(OutboxMessage, recent.id).context == {"content": {"needs": ["loneliness"]}}
    assert db.get(OutboxMessage, waiting.id).recipient == "practice@nhs.net"


def audit_event_at(db, occurred_at, action="referral.viewed"):
    from portal.accounts.models import AuditEvent

    event = AuditEvent(action=action, subject_type="referral", subject_id="ABCD2345", occurred_at=occurred_at)
    db.add(event)
    db.commit()
    return event.id


def test_audit_events_older_than_the_audit_retention_are_deleted_and_no_others(app, db):
    from portal.accounts.models import AuditEvent

    expired = audit_event_at(db, _years_before(NOW, 10) - DAY)
    kept = audit_event_at(db, _years_before(NOW, 10) + DAY)
    with clock_at(app, NOW), app.app_context():
        assert "would remove the content of 0 sent messages and 1 expired audit events" in run_retention(dry_run=True)
        assert "and 1 expired audit events" in run_retention()
        assert "and 0 expired audit events" in run_retention()
    assert db.scalars(select(AuditEvent.id)).all() == [kept]
    assert expired != kept


def test_the_database_still_refuses_to_delete_or_change_audit_events_otherwise(app, db):
    from sqlalchemy import delete, text, update
    from sqlalchemy.exc import DatabaseError

    from portal.accounts.models import AuditEvent
    from portal.data_protection.expiry import EXPIRED_BEFORE
    from tests.conftest import ON_POSTGRES

    recent = audit_event_at(db, NOW - 365 * DAY)
    old = audit_event_at(db, _years_before(NOW, 11))
    with pytest.raises(DatabaseError):
        db.execute(update(AuditEvent).where(AuditEvent.id == old).values(action="changed"))
    db.rollback()
    if not ON_POSTGRES:
        return  # SQLite's trigger refuses changes only; the tests' clean-up deletes rows there
    setting = text("SELECT set_config(:name, :value, true)")
    for expired_before in (None, NOW.isoformat(), (NOW - 366 * DAY).isoformat()):
        if expired_before:
            db.execute(setting, {"name": EXPIRED_BEFORE, "value": expired_before})
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(delete(AuditEvent).where(AuditEvent.id == recent))
        db.rollback()
    db.execute(setting, {"name": EXPIRED_BEFORE, "value": NOW.isoformat()})
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(update(AuditEvent).where(AuditEvent.id == old).values(action="changed"))
    db.rollback()
