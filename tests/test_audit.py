"""The audit log: append-only, no secrets, written even when a request fails, and
browsable, filterable and exportable by coordinators."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from portal.accounts.audit.record import record_event
from portal.accounts.models import AppendOnlyViolation, AuditEvent, Role
from portal.db import get_database
from tests.authz import PASSWORD, current_code, make_user, sign_in_as, sign_in_with_pages
from tests.conftest import ON_POSTGRES


def events(db, action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    return db.scalars(query.where(AuditEvent.action == action) if action else query).all()


def test_a_feature_records_who_did_what_to_which_record_from_where(app, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    with app.test_request_context("/en/referrals/1", environ_base={"REMOTE_ADDR": "192.0.2.10"}):
        from flask_login import login_user

        from portal.db import session

        login_user(session.get(type(user), user.id))
        record_event("referral.viewed", "referral", "K7M2PX9R", {"section": "answers"})
        session.commit()
    [event] = events(db)
    assert (event.actor_email, event.actor_role, event.action) == ("sam@example.org", "link_worker", "referral.viewed")
    assert (event.subject_type, event.subject_id, event.client_address) == ("referral", "K7M2PX9R", "192.0.2.10")
    assert event.detail == {"section": "answers"}
    assert event.occurred_at.tzinfo is not None and datetime.now(UTC) - event.occurred_at < timedelta(minutes=1)


def test_secrets_never_reach_the_audit_log(app, db):
    with app.test_request_context("/"):
        from portal.db import session

        record_event("test.thing", detail={"password": "x", "token": "y", "reset_code": "z", "status": "open"})
        session.commit()
    assert events(db)[0].detail == {"status": "open"}


def test_audit_events_cannot_be_changed_or_deleted_through_the_app(db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    db.add(AuditEvent(action="test.thing"))
    db.commit()
    event = events(db)[0]
    event.action = "something.else"
    with pytest.raises(AppendOnlyViolation):
        db.commit()
    db.rollback()
    with pytest.raises(AppendOnlyViolation):
        db.delete(events(db)[0])
        db.commit()
    db.rollback()


def test_the_database_itself_refuses_to_change_audit_events(db):
    db.add(AuditEvent(action="test.thing"))
    db.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(update(AuditEvent).values(action="changed"))
    db.rollback()


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite keeps DELETE for the tests' clean-up")
def test_postgresql_refuses_to_delete_audit_events(db):
    db.add(AuditEvent(action="test.thing"))
    db.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(delete(AuditEvent))
    db.rollback()


def test_signing_in_and_failing_to_are_audited(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    page = client.get("/en/sign-in")
    client.submit(
        page, "/en/sign-in", {"email": "sam@example.org", "password": "not the password"}, expected_status=200
    )
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    failed, succeeded = events(db, "sign_in.failed"), events(db, "sign_in.succeeded")
    assert [(e.subject_id, e.detail) for e in failed] == [(str(user.id), {"reason": "password"})]
    assert [(e.actor_email, e.detail) for e in succeeded] == [("sam@example.org", {"with": "authenticator"})]
    assert PASSWORD not in str([e.detail for e in events(db)])


def test_refused_access_is_audited_even_though_the_request_fails(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    client.get("/en/audit-log", expected_status=403)
    [refusal] = events(db, "access.refused")
    assert refusal.actor_email == "sam@example.org"
    assert refusal.detail == {
        "endpoint": "accounts.show_audit_log",
        "path": "/en/audit-log",
        "method": "GET",
        "status": 403,
    }


def test_user_management_is_audited(client, db):
    worker = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, make_user(db, "boss@example.org", Role.COORDINATOR))
    page = client.get(f"/en/users/{worker.id}")
    client.submit(page, f"/en/users/{worker.id}/disable", {}, expected_status=303)
    client.submit(page, f"/en/users/{worker.id}/enable", {}, expected_status=303)
    actions = [(e.action, e.actor_email, e.subject_id) for e in events(db) if e.action.startswith("user.")]
    assert actions == [
        ("user.disabled", "boss@example.org", str(worker.id)),
        ("user.enabled", "boss@example.org", str(worker.id)),
    ]


def test_mfa_changes_are_audited(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER, with_app=False)
    code_page = client.follow(sign_in_with_pages(client, "sam@example.org"))
    key = code_page.one(".totp-key").get_text().replace(" ", "")
    client.submit(code_page, "/en/sign-in/set-up-authenticator", {"code": current_code(key)}, expected_status=200)
    assert [(e.action, e.actor_id) for e in events(db) if e.action.startswith("mfa.")] == [("mfa.set_up", user.id)]


def arrange_log(db):
    sam = make_user(db, "sam@example.org", Role.LINK_WORKER)
    boss = make_user(db, "boss@example.org", Role.COORDINATOR)
    old = datetime(2026, 1, 10, 9, 30, tzinfo=UTC)
    db.add_all(
        [
            AuditEvent(
                actor_id=sam.id,
                actor_email=sam.email,
                action="referral.viewed",
                subject_type="referral",
                subject_id="AAA",
                occurred_at=old,
            ),
            AuditEvent(
                actor_id=sam.id,
                actor_email=sam.email,
                action="referral.changed",
                subject_type="referral",
                subject_id="BBB",
            ),
            AuditEvent(
                actor_id=boss.id,
                actor_email=boss.email,
                action="user.disabled",
                subject_type="user",
                subject_id=str(sam.id),
                detail={"note": "=HYPERLINK(1)"},
            ),
        ]
    )
    db.commit()
    return boss


def test_coordinators_filter_the_log_by_person_record_action_and_date(client, db):
    sign_in_as(client, db, arrange_log(db))

    def rows(query):
        return [
            row.select("td")[2].get_text(strip=True) for row in client.get(f"/en/audit-log?{query}").select("tbody tr")
        ]

    assert rows("person=sam@example.org") == ["referral.changed", "referral.viewed"]
    assert rows("subject_type=referral&subject_id=AAA") == ["referral.viewed"]
    assert rows("action=user.disabled") == ["Disabled an account"]
    assert rows("person=sam@example.org&since=2026-01-10&until=2026-01-10") == ["referral.viewed"]


def test_a_bad_date_filter_gets_a_clear_message(client, db):
    sign_in_as(client, db, arrange_log(db))
    page = client.get("/en/audit-log?since=2026-02-31")
    assert page.errors() == ["The 'From' date must be a real date, like 2026-03-27"]


def test_looking_at_the_log_is_audited(client, db):
    sign_in_as(client, db, arrange_log(db))
    client.get("/en/audit-log?action=user.disabled")
    assert events(db, "audit.viewed")[0].detail == {"action": "user.disabled"}


def test_the_log_pages_through_older_events(client, db):
    boss = arrange_log(db)
    db.add_all([AuditEvent(action="test.filler") for _ in range(60)])
    db.commit()
    sign_in_as(client, db, boss)
    first = client.get("/en/audit-log?action=test.filler")
    assert len(first.select("tbody tr")) == 50
    second = client.get(first.one(".pagination a[href*='before=']")["href"])
    assert len(second.select("tbody tr")) == 10 and not second.select(".pagination a[href*='before=']")


def test_the_log_exports_as_csv_with_formulas_defused(client, db):
    sign_in_as(client, db, arrange_log(db))
    response = client.get("/en/audit-log/export.csv?person=boss@example.org").response
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "id",
        "time_utc",
        "person",
        "role",
        "action",
        "record_type",
        "record",
        "client_address",
        "detail",
        "time_local",
    ]
    exported = [row for row in rows[1:] if row[4] == "user.disabled"]
    assert exported[0][8] == '{"note": "=HYPERLINK(1)"}'
    assert events(db, "audit.exported")


def test_a_csv_cell_that_starts_like_a_formula_is_made_safe():
    from portal.web.csv_files import neutralised

    assert [neutralised(v) for v in ("=1+1", "+44", "-2", "@x", "plain")] == ["'=1+1", "'+44", "'-2", "'@x", "plain"]


def test_the_clean_up_between_tests_still_works_with_the_triggers(app, db):
    db.add(AuditEvent(action="test.thing"))
    db.commit()
    from tests.conftest import empty_tables

    empty_tables(app)
    with get_database(app).engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_event")).scalar() == 0


def test_an_attempt_recorded_after_the_request_changed_something_is_kept_when_the_change_is_not(app, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    with app.test_request_context("/en/somewhere"):
        from portal.db import session

        session.add(AuditEvent(action="change.that.fails"))
        session.flush()  # the request holds a write lock now (on SQLite)
        record_event("access.refused", detail={"why": "test"}, commit_now=True)
    assert [event.action for event in events(db)] == ["access.refused"]
