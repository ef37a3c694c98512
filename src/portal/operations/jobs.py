"""Scheduled jobs: what cron ran before, now run by `flask worker`, each once per period.

Features add their jobs in their `init_app` (`add_job`). A worker takes a job's period by
inserting its row in `job_run`; the unique (job, period) constraint lets only one worker win,
on SQLite and PostgreSQL alike. A run whose worker died (still "running" after its lease) or
that failed (after a short pause) is taken over by the next worker that looks, so a period is
never skipped; the jobs themselves are safe to repeat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.operations.models import JobRun, RunStatus

log = logging.getLogger(__name__)

RETRY_FAILED_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], str]  # does the work and says what it did, without personal details
    lease: timedelta = timedelta(minutes=30)  # a run older than this whose worker is silent is taken over


def add_job(app: Flask, job: Job) -> None:
    jobs = app.extensions.setdefault("portal_jobs", {})
    if job.name in jobs:
        raise ValueError(f"job {job.name!r} is already scheduled")
    jobs[job.name] = job


def scheduled_jobs(app: Flask | None = None) -> list[Job]:
    return list((app or current_app).extensions.get("portal_jobs", {}).values())


def period_of(job: Job, now: datetime) -> int:
    return int(now.timestamp() // job.every.total_seconds())


def claim(db: Session, job: Job, worker: str, now: datetime) -> bool:
    """Take this period of the job; False when another worker has it or it is done."""
    period = period_of(job, now)
    db.add(JobRun(job=job.name, period=period, status=RunStatus.RUNNING, worker=worker, started_at=now))
    try:
        db.commit()
        return True
    except IntegrityError:
        db.rollback()
    abandoned = (JobRun.status == RunStatus.RUNNING) & (JobRun.started_at < now - job.lease)
    failed = (JobRun.status == RunStatus.FAILED) & (JobRun.finished_at < now - RETRY_FAILED_AFTER)
    taken = db.execute(
        update(JobRun)
        .where(JobRun.job == job.name, JobRun.period == period, or_(abandoned, failed))
        .values(status=RunStatus.RUNNING, worker=worker, started_at=now, attempts=JobRun.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def _finish(db: Session, job: Job, now: datetime, status: RunStatus, outcome: str) -> None:
    db.execute(
        update(JobRun)
        .where(JobRun.job == job.name, JobRun.period == period_of(job, now))
        .values(status=status, finished_at=utcnow(), outcome=outcome[:300])
        .execution_options(synchronize_session=False)
    )
    db.commit()


def run_due(db: Session, worker: str, now: datetime | None = None) -> list[str]:
    """Run every job whose current period nobody has taken; what each did, one line each."""
    now = now or utcnow()
    done = []
    for job in scheduled_jobs():
        if not claim(db, job, worker, now):
            continue
        try:
            outcome = job.run()
        except Exception as error:
            log.exception("scheduled job %s failed", job.name)
            _finish(db, job, now, RunStatus.FAILED, type(error).__name__)
            continue
        _finish(db, job, now, RunStatus.DONE, outcome)
        log.info("scheduled job %s: %s", job.name, outcome)
        done.append(f"{job.name}: {outcome}")
    return done


def last_runs(db: Session) -> list[JobRun]:
    """The latest run of each job, for `flask worker status`."""
    latest = select(JobRun).order_by(JobRun.job, JobRun.period.desc())
    seen: dict[str, JobRun] = {}
    for run in db.scalars(latest):
        seen.setdefault(run.job, run)
    return list(seen.values())
