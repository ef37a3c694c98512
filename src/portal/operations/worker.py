"""`flask worker`: the background process of a scheme.

It sends the outbox (retries with backoff are the outbox's own) and runs the scheduled jobs.
Several workers may run at once: the outbox claims each message for one sender, and each
job's period is taken by one worker (`jobs.claim`). A worker that loses the database keeps
trying, more slowly, and carries on where it was when the database is back; SIGTERM lets it
finish the message in hand and stop.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_database
from portal.operations import jobs
from portal.outbox.services import send_due

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pace:
    poll_seconds: float = 2.0
    # After the database or a job fails, wait longer each time, up to this.
    longest_pause: float = 30.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def one_round(name: str) -> None:
    """Send what is due, then run the jobs whose period has come."""
    report = send_due(limit=100)
    if report.sent or report.retrying or report.failed:
        log.info("outbox: sent %s, will retry %s, failed %s", report.sent, report.retrying, report.failed)
    with get_database().sessionmaker() as db:
        jobs.run_due(db, name)


def run(stop: threading.Event, pace: Pace = Pace()) -> None:
    name = worker_name()
    log.info("worker %s started", name)
    pause = pace.poll_seconds
    while not stop.is_set():
        try:
            one_round(name)
            pause = pace.poll_seconds
        except SQLAlchemyError as error:
            log.warning("worker round failed, trying again in %ss: %s", pause, type(error).__name__)
            pause = min(pace.longest_pause, pause * 2)
        stop.wait(pause)
    log.info("worker %s stopped", name)


def stop_on_signals(stop: threading.Event) -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
