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


def check_database(url: str, record: Path) -> list[str]:
    confirmed = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT full_name, reference FROM referral WHERE full_name LIKE 'Load Person %'")
        saved: dict[str, list[str]] = {}
        for name, reference in rows:
            saved.setdefault(name, []).append(reference)
    problems = [f"{c['name']}: saw {c['reference']}, saved {saved.get(c['name'])}" for c in confirmed
                if saved.get(c["name"]) != [c["reference"]]]  # fmt: skip
    seen = {c["name"] for c in confirmed}
    problems += [
        f"{name}: saved {references} but never confirmed" for name, references in saved.items() if name not in seen
    ]
    print(
        f"\nDatabase: {len(confirmed)} confirmed referrals, {sum(map(len, saved.values()))} saved, "
        f"{len(problems)} problems"
    )
    return problems


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    host = os.environ.get("LOADTEST_HOST", "https://localhost:8443")
    record = RESULTS / "confirmed.jsonl"
    record.unlink(missing_ok=True)
    for users in (int(n) for n in os.environ.get("LOADTEST_USERS", "400").split()):
        print_stage(users, run_stage(users, os.environ.get("LOADTEST_DURATION", "5m"), host, record))
    url = os.environ.get("LOADTEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    problems = check_database(url, record) if url else ["set LOADTEST_DATABASE_URL to check the database"]
    for problem in problems[:20]:
        print(f"- {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
