"""The app's own CPU time and SQL statements per step of the load test's journeys, in one
process through the WSGI app (no proxy, no HTTP, no load generator): steadier than response
times on a machine shared with other work, and it says which steps are dear.

Run with the app servers' environment (a running stack's, `python -m tests.production.stack`,
or a scheme's), against a database with the demo data and bench/load/accounts.py's accounts:
    python bench/load/journey_cost.py [--rounds 20] [--profile] [--sql STEP]
--profile: where the time goes in all of it, by pyinstrument.
--sql STEP: the SQL statements of that step's last request (e.g. "link worker: take next").
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyotp
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load import accounts
from bench.load.locustfile import POSTCODES, WORDS
from tests.production.journeys import (
    CALLBACK,
    SELF,
    Browser,
    journey_answers,
    person_address,
    save_a_listing,
    send_answers,
    to_check_answers,
    work_a_referral,
)

cpu: dict[str, list[float]] = defaultdict(list)
statements: dict[str, list[int]] = defaultdict(list)
counted = itertools.count()
last_statements: dict[str, list[str]] = {}
current: list[str] = []


class Reply:
    def __init__(self, response: Any) -> None:
        self.status_code = response.status_code
        self.url = response.request.url
        self.text = response.get_data(as_text=True)


class InProcess:
    """A requests-shaped session over Flask's test client, from an address of its own, that
    notes each step's CPU time and statements."""

    def __init__(self, app: Any, address: str, profiler: Any) -> None:
        self.client = app.test_client()
        self.address = address
        self.profiler = profiler

    def request(self, method: str, url: str, *, name: str, **options: Any) -> Reply:
        headers = {**options.get("headers", {}), "X-Forwarded-For": self.address}
        current.clear()
        before, started = next(counted), time.process_time()
        if self.profiler:
            self.profiler.start()
        response = self.client.open(
            url,
            method=method,
            data=options.get("data"),
            query_string=options.get("params"),
            headers=headers,
            follow_redirects=True,
        )
        if self.profiler:
            self.profiler.stop()
        cpu[name].append((time.process_time() - started) * 1000)
        statements[name].append(next(counted) - before - 1)
        last_statements[name] = list(current)
        return Reply(response)


def search(person: Browser) -> None:
    """As the load test's people searching the directory (its page cache is per app server)."""
    query = {"postcode": random.choice(POSTCODES), "q": random.choice(WORDS)}
    results = person.get("/en/directory", "directory: search", params=query)
    person.get("/en/directory", "directory: filter", params={**query, "when": "monday", "only": "free"})
    person.get("/en/directory", "directory: next page", params={**query, "page": "2"})
    if listings := results.links("/directory/listings/"):
        person.get(random.choice(listings), "directory: listing page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", metavar="STEP")
    args = parser.parse_args()
    from pyinstrument import Profiler

    from portal import create_app
    from portal.db import get_database

    app = create_app()

    def note_statement(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        next(counted)
        current.append(" ".join(statement.split())[:160])

    event.listen(get_database(app).engine, "before_cursor_execute", note_statement)
    profiler = Profiler(interval=0.0005) if args.profile else None
    base = app.config["PUBLIC_BASE_URL"]
    people = itertools.count(50_000)

    def browser() -> Browser:
        return Browser(InProcess(app, person_address(next(people)), profiler), base, named=True, timeout=None)

    editor = browser()
    form = editor.get("/en/sign-in", "staff: sign-in page")
    editor.post(form, {"email": "editor@demo.example", "password": "demo org editor pass"}, "staff: sign in")
    worker, account = browser(), random.randint(101, 200)  # a code signs in once: runs a minute apart
    form = worker.get("/en/sign-in", "staff: sign-in page")
    worker.post(form, {"email": accounts.email(account), "password": accounts.PASSWORD}, "staff: sign in")
    form = worker.get("/en/sign-in/code", "staff: code page")
    worker.post(form, {"code": pyotp.TOTP(accounts.authenticator_key(account)).now()}, "staff: code")
    for _ in range(args.rounds):
        for journey in (SELF, CALLBACK):
            person = browser()
            name = f"Load Person {uuid.uuid4().hex[:12]}"
            send_answers(person, to_check_answers(person, journey, journey_answers(journey, name)), journey)
        save_a_listing(editor)
        work_a_referral(worker)
        search(browser())
    print(f"{'step':<36} {'requests':>8} {'CPU ms':>7} {'SQL':>5}")
    for step in sorted(cpu):
        times, counts = cpu[step], statements[step]
        print(f"{step:<36} {len(times):>8} {sum(times) / len(times):>7.1f} {sum(counts) / len(counts):>5.1f}")
    for statement in last_statements.get(args.sql or "", []):
        print(f"  {statement}")
    if profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
