"""The scheduled jobs' ledger: one row per job and period, so a job runs once per period
however many workers are running."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobRun(Base):
    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    # Which period this run is for: the whole periods since 1970 (hours for an hourly job).
    period: Mapped[int]
    status: Mapped[RunStatus] = mapped_column(String(10))
    worker: Mapped[str] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(300))
