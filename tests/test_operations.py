"""Running a scheme, without the whole stack: health and readiness, the request log, the
scheduled jobs' once-per-period claim, and the production settings check."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from portal.db import utcnow
from portal.operations import jobs
from portal.operations.models import JobRun, RunStatus
from portal.production import problems

JOB = jobs.Job("test-job", timedelta(hours=1), lambda: "done")


def test_health_is_ok_and_readiness_names_each_part(client):
    assert client.get("/healthz").response.json == {"status": "ok"}
    ready = client.get("/readyz").response
    assert ready.json == {"status": "ready", "checks": {"database": "ok", "migrations": "current", "redis": "ok"}}


def test_each_request_is_logged_by_its_route_never_its_path_or_query(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get("/en/directory?postcode=LS6+2QZ").response
    [line] = [record for record in caplog.records if record.name == "portal.requests"]
    assert (line.route, line.status) == ("/<locale:locale>/directory", 200)
    assert "2QZ" not in line.getMessage()
    assert len(response.headers["X-Request-Id"]) == 32


def test_health_checks_are_not_logged_at_info(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/healthz")
    assert not [record for record in caplog.records if record.name == "portal.requests"]


def test_a_request_id_from_a_client_is_not_taken_without_a_proxy(client):
    response = client.get("/healthz", headers={"X-Request-Id": "chosen-by-the-client"}).response
    assert response.headers["X-Request-Id"] != "chosen-by-the-client"


def test_a_job_runs_once_per_period_however_many_workers_ask(db):
    now = utcnow()
    assert jobs.claim(db, JOB, "worker-a", now) is True
    assert jobs.claim(db, JOB, "worker-b", now) is False
    assert jobs.claim(db, JOB, "worker-b", now + timedelta(hours=1)) is True


def test_a_run_whose_worker_died_is_taken_over_after_its_lease(db):
    daily = jobs.Job("daily-job", timedelta(days=1), lambda: "done", lease=timedelta(minutes=10))
    morning = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert jobs.claim(db, daily, "worker-a", morning)
    assert jobs.claim(db, daily, "worker-b", morning + timedelta(minutes=5)) is False
    assert jobs.claim(db, daily, "worker-b", morning + timedelta(minutes=11)) is True


def test_the_worker_runs_each_scheduled_job_and_records_it(app, db):
    with app.app_context():
        done = jobs.run_due(db, "worker-a")
    assert {line.split(":")[0] for line in done} == {
        "purge-drafts",
        "listings-remind",
        "gp-messages-send",
        "retention",
        "reports-count",
    }
    assert {run.status for run in db.query(JobRun)} == {RunStatus.DONE}
    with app.app_context():
        assert jobs.run_due(db, "worker-b") == []


def test_production_names_every_missing_setting(tmp_path):
    found = problems({"PORTAL_INSTANCE_PATH": str(tmp_path)})
    assert "PORTAL_ENV must be production" in found
    assert any(problem.startswith("SECRET_KEY") for problem in found)
    assert any(problem.startswith("DATABASE_URL") for problem in found)
    assert any(problem.startswith("RATELIMIT_STORAGE_URI") for problem in found)
    assert any(problem.startswith("OUTBOX_BACKEND") for problem in found)
    assert any(problem.startswith("DATA_ENCRYPTION_KEY") for problem in found)
