"""Triage benchmark: the queue page and a case page with 1,000,000 referrals (most closed) and
2,000 open over 20 teams, timed in-process through the Flask test client signed in as a link
worker who is in one of the teams. "team queue page" is that team's queue (its own default view,
and the same team chosen by name, with and without filters); "queue page" is every team.

    python bench/triage_queue.py                 # SQLite (built once under bench/out/)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_bench_triage python bench/triage_queue.py

Prints p50 and p95 server time per page; the target is p95 at most 50 ms for the queue pages.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_app import signed_in_client

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "triage"
BIN = Path(sys.executable).parent
TOTAL, OPEN, TEAMS = 1_000_000, 2_000, 20
CHUNK = 20_000
TARGET_P95_MS = 50.0
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
NEEDS = ["lonely", "money", "housing", "active", "mental_health", "carer"]
AREAS = ["LS1", "LS2", "LS3", "LS4", "LS5", "LS6", "LS7", "LS8"]
OPEN_STATUSES = ["new", "in_triage", "contact_attempted", "in_support"]


def environment(database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(OUT),
        "SECRET_KEY": "benchmark-secret-key-that-is-long-enough",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def referral_rows(holder_id: int, team_ids: list[int], seed: int = 7) -> Iterator[dict[str, Any]]:
    """Every `TOTAL // OPEN`th referral is open, spread through the years like real arrivals and
    over the teams in turn."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    step = TOTAL // OPEN
    for number in range(TOTAL):
        is_open = number % step == step - 1
        at = start + timedelta(minutes=number * 2)
        status = rng.choice(OPEN_STATUSES) if is_open else "closed"
        held = is_open and status != "new"
        yield {
            "id": number + 1,
            "reference": "".join(rng.choice(ALPHABET) for _ in range(8)),
            "kind": "callback" if number % 5 == 0 else "self_referral",
            "status": status,
            "urgent": is_open and rng.random() < 0.05,
            "possible_spam": False,
            "spam_reasons": "[]",
            "submitted_at": at,
            "source": "web",
            "locale": rng.choice(["en", "en", "en", "cy", "ur"]),
            "submission_token": f"bench-{number}",
            "for_someone_else": False,
            "out_of_area": False,
            "outward_code": rng.choice(AREAS),
            "full_name": f"Person {number}",
            "needs": json.dumps(rng.sample(NEEDS, 2)),
            "contact_channel": "phone",
            "phone": "+447911123456",
            "may_leave_voicemail": False,
            "may_send_texts": False,
            "may_send_emails": False,
            "may_send_letters": False,
            "language": rng.choice(["en", "en", "cy", "ur", "other"]),
            "interpreter_needed": rng.random() < 0.1,
            "consent_to_share": True,
            "answers": json.dumps({"who_for": "me", "full_name": f"Person {number}", "needs": ["lonely"]}),
            "holder_id": holder_id if held else None,
            "team_id": team_ids[number % len(team_ids)],
            "due_at": at + timedelta(days=3),
            "safeguarding": False,
            "closing_reason": None if is_open else "supported",
            "closed_at": None if is_open else at + timedelta(days=20),
            "version": 1,
            "created_at": at,
            "updated_at": at,
        }


def _reference_unique(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for row in rows:
        while row["reference"] in seen:
            row["reference"] = "".join(secrets.choice(ALPHABET) for _ in range(8))
        seen.add(row["reference"])
        yield row


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_postgresql(connection: Any, rows: Iterator[dict[str, Any]]) -> None:
    """COPY is several times faster than INSERT for a million rows."""
    raw = connection.connection.dbapi_connection
    columns: list[str] | None = None
    with raw.cursor() as cursor:
        for chunk in _chunks(rows):
            columns = columns or list(chunk[0])
            with cursor.copy(f"COPY referral ({', '.join(columns)}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row([row[name] for name in columns])
    raw.commit()


def _insert_sqlite(connection: Any, rows: Iterator[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        columns = list(chunk[0])
        sql = f"INSERT INTO referral ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        values = [tuple(_sqlite_value(row[name]) for name in columns) for row in chunk]
        connection.exec_driver_sql(sql, values)  # executemany
    connection.commit()


def _sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores a UTC datetime on SQLite."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def build(database_url: str | None, rebuild: bool) -> None:
    # A database built before the teams has none: it is built again.
    marker = OUT / ("complete-postgresql-teams" if database_url else "complete-sqlite-teams")
    env = environment(database_url)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    if marker.exists() and not rebuild:
        # A database built before a later migration (a new index, say) gets it, and fresh statistics.
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        _analyze(_app(database_url))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    if not database_url:
        for leftover in OUT.glob("portal.sqlite3*"):
            leftover.unlink()
    if database_url:
        subprocess.run([*flask, "db", "downgrade", "base"], cwd=ROOT, env=env, check=True)
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    app = _app(database_url)
    from portal.db import get_database

    with app.app_context():
        holder_id = _link_worker(app)
        team_ids = _teams(app, holder_id)
        with get_database(app).engine.connect() as connection:
            rows = _reference_unique(referral_rows(holder_id, team_ids))
            (_copy_postgresql if database_url else _insert_sqlite)(connection, rows)
            if database_url:
                connection.exec_driver_sql("SELECT setval('referral_id_seq', (SELECT max(id) FROM referral))")
            connection.commit()
    _analyze(app)
    marker.write_text("ok")
    print(f"built {TOTAL:,} referrals ({OPEN:,} open, {TEAMS} teams) in {time.perf_counter() - started:.0f} s")


def _analyze(app: Any) -> None:
    from portal.db import get_database

    engine = get_database(app).engine
    with app.app_context(), engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # PostgreSQL's index-only scans need the visibility map that VACUUM (autovacuum, in
        # production) keeps; a database just filled by COPY has none yet.
        connection.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def _app(database_url: str | None) -> Any:
    os.environ.update(environment(database_url))
    from portal import create_app

    return create_app()


def _link_worker(app: Any) -> int:
    from sqlalchemy import select

    from portal.accounts.models import Role, User
    from portal.db import get_database

    with get_database(app).sessionmaker() as db:
        found = db.scalar(select(User).where(User.email == "bench.worker@example.org"))
        if found is None:
            found = User(email="bench.worker@example.org", name="Bench Worker", role=Role.LINK_WORKER)
            db.add(found)
            db.commit()
        return int(found.id)


def _teams(app: Any, member_id: int) -> list[int]:
    """`TEAMS` teams, the bench worker in the first of them."""
    from portal.db import get_database
    from portal.teams.models import Team, TeamMembership

    with get_database(app).sessionmaker() as db:
        teams = [
            Team(slug=f"team-{n:02d}", name=f"Team {n:02d}", roles=["link_worker"], first_contact_working_days=3)
            for n in range(1, TEAMS + 1)
        ]
        db.add_all(teams)
        db.flush()
        db.add(TeamMembership(team_id=teams[0].id, user_id=member_id, care_role="link_worker"))
        db.commit()
        return [team.id for team in teams]


def _open_references(app: Any, count: int) -> list[str]:
    from sqlalchemy import select

    from portal.db import get_database
    from portal.referrals.models import Referral

    with app.app_context(), get_database(app).sessionmaker() as db:
        query = select(Referral.reference).where(Referral.status != "closed").limit(count)
        return list(db.scalars(query))


def timed(client: Any, paths: list[str], repeat: int) -> tuple[list[float], float]:
    """Sorted wall-clock milliseconds per request, and the mean CPU milliseconds (steadier when
    the machine is shared)."""
    for path in paths[:5]:  # warm up: templates, translations, database pages
        client.get(path)
    times = []
    cpu_started = time.process_time()
    for index in range(repeat):
        path = paths[index % len(paths)]
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return sorted(times), (time.process_time() - cpu_started) / repeat * 1000


def percentile(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, int(len(times) * share))]


def measure(database_url: str | None, repeat: int) -> dict[str, tuple[float, float, float]]:
    app = _app(database_url)
    app.config["RATELIMIT_ENABLED"] = False
    client = signed_in_client(app, "bench.worker@example.org")
    team = ["/en/triage", "/en/triage?team=team-01", "/en/triage?team=team-01&holder=unassigned",
            "/en/triage?team=team-01&urgent=y", "/en/triage?team=team-01&need=money"]  # fmt: skip
    every = ["/en/triage?team=all", "/en/triage?team=all&holder=unassigned", "/en/triage?team=all&urgent=y"]
    cases = [f"/en/triage/referrals/{reference}" for reference in _open_references(app, 50)]
    found = {}
    for name, paths in (("team queue page", team), ("queue page", every), ("case page", cases)):
        times, cpu = timed(client, paths, repeat)
        found[name] = (statistics.median(times), percentile(times, 0.95), cpu)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200, help="requests timed per page")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL")
    build(database_url, args.rebuild)
    engine = "PostgreSQL" if database_url else "SQLite"
    print(f"\n{engine}: {TOTAL:,} referrals, {OPEN:,} open; {args.repeat} requests per page, in-process")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: server times grow with it)")
    for name, (p50, p95, cpu) in measure(database_url, args.repeat).items():
        verdict = "" if "queue" not in name else (" (target met)" if p95 <= TARGET_P95_MS else " (TARGET MISSED)")
        print(f"{name:>15}: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms{verdict}; CPU {cpu:5.1f} ms per request")


if __name__ == "__main__":
    main()
