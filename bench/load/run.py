"""`make loadtest`: Locust headless against a running `make production`, at each number of
users in turn; prints p50, p95 and p99 per step, and errors, then checks the database: every
referral a simulated person saw confirmed exists exactly once, and none exists that was not.

LOADTEST_HOST (https://localhost:8443), LOADTEST_CA (Caddy's local root certificate),
LOADTEST_USERS ("400", or "100 200 400 600" to find where it breaks), LOADTEST_DURATION
("5m" per stage), LOADTEST_DATABASE_URL (DATABASE_URL). Figures go to bench/load/results/.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def run_stage(users: int, duration: str, host: str, record: Path) -> list[dict[str, str]]:
    prefix = RESULTS / f"users-{users}"
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
        "-u", str(users), "-r", str(max(1, users // 20)), "-t", duration, "--host", host,
        "--csv", str(prefix), "--stop-timeout", "30",
    ]  # fmt: skip
    subprocess.run(command, env={**os.environ, "LOADTEST_RECORD": str(record)}, check=False)
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def print_stage(users: int, rows: list[dict[str, str]]) -> None:
    print(f"\n{users} users")
    print(f"{'step':<42} {'requests':>8} {'errors':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in rows:
        print(
            f"{row['Name'][:42]:<42} {row['Request Count']:>8} {row['Failure Count']:>7} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )


def check_database(url: str, record: Path, since: datetime) -> list[str]:
    """Every confirmed referral saved exactly once; nothing saved that was never sent; a send
    that never heard back (counted apart) saved once or not at all."""
    lines = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    confirmed = {line["name"]: line["reference"] for line in lines if line["reference"]}
    unanswered = {line["name"] for line in lines if not line["reference"]} - set(confirmed)
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT full_name, reference FROM referral WHERE full_name LIKE 'Load Person %%' AND submitted_at >= %s",
            (since,),
        )
        saved: dict[str, list[str]] = {}
        for name, reference in rows:
            saved.setdefault(name, []).append(reference)
    problems = [
        f"{name}: saw {ref}, saved {saved.get(name)}" for name, ref in confirmed.items() if saved.get(name) != [ref]
    ]
    for name, refs in saved.items():
        if name not in confirmed and (name not in unanswered or len(refs) > 1):
            problems.append(f"{name}: saved {refs} but never confirmed")
    print(
        f"\nDatabase: {len(confirmed)} confirmed and saved once each, {len(unanswered)} sends unanswered "
        f"({sum(1 for name in unanswered if name in saved)} of them saved once), {len(problems)} problems"
    )
    return problems


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    host = os.environ.get("LOADTEST_HOST", "https://localhost:8443")
    record = RESULTS / "confirmed.jsonl"
    record.unlink(missing_ok=True)
    started = datetime.now(UTC)
    for users in (int(n) for n in os.environ.get("LOADTEST_USERS", "400").split()):
        print_stage(users, run_stage(users, os.environ.get("LOADTEST_DURATION", "5m"), host, record))
    url = os.environ.get("LOADTEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    problems = check_database(url, record, started) if url else ["set LOADTEST_DATABASE_URL to check the database"]
    for problem in problems[:20]:
        print(f"- {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
