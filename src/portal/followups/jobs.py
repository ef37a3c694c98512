"""The scheduled work, as plain functions a worker (or `flask followups ...`) calls inside the
app context. Each runs in one transaction and is safe to repeat, or to run twice at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from flask import current_app, has_request_context

from portal import clock
from portal.db import session
from portal.followups import asking, deadlines, stats

Result = TypeVar("Result")


@dataclass(frozen=True)
class DueReport:
    reminded: int
    escalated: int
    asked: int


@contextmanager
def _links_work() -> Iterator[None]:
    """Links in messages need the site's address, which a worker has no request to give."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        yield


def _in_one_transaction(work: Callable[[], Result]) -> Result:
    with _links_work():
        try:
            result = work()
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return result


def run_due(now: datetime | None = None) -> DueReport:
    """Reminders to groups, groups past their deadline, and "Did you go?" messages. Every few
    minutes is right; the outbox then delivers (`flask outbox send`)."""
    at = now or clock.now()
    return _in_one_transaction(
        lambda: DueReport(
            reminded=deadlines.send_reminders(at),
            escalated=deadlines.escalate(at),
            asked=asking.send_due(at),
        )
    )


def run_nightly(now: datetime | None = None) -> int:
    """Each listing's response figures; returns how many listings have figures to show."""
    at = now or clock.now()
    return _in_one_transaction(lambda: stats.work_out_responses(at))
