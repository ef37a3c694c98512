"""`make loadtest`: Locust headless against a running `make production`, at each number of
users in turn; prints p50, p95 and p99 per step, and errors, the load average and the CPU each
kind of process used per step, then checks the database: every referral a simulated person saw
confirmed exists exactly once, and none exists that was not. Last, a summary: at which numbers
of users every step's p95 was under 200 ms with no errors (the target), where p95 over all
steps passed 1 s, and which steps were slowest there.

LOADTEST_HOST (https://localhost:8443), LOADTEST_CA (Caddy's local root certificate),
LOADTEST_USERS ("400", or "200 300 400 500 600" to find where it breaks), LOADTEST_DURATION
("5m" per stage), LOADTEST_DATABASE_URL (DATABASE_URL). LOADTEST_STACK=1 starts a stack of its
own first (`python -m tests.production.stack`: PostgreSQL, Redis, Caddy, two app servers and
the worker, with demo data and the link workers' accounts) and stops it after; the settings
above then come from it. LOADTEST_CPU_MARKERS: what marks the stack's processes for the CPU
figures (bench/load/cpu_by_process.py; the stack's own folder with LOADTEST_STACK=1), Locust's
own counted as this script's child.
Figures go to bench/load/results/.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"
TARGET_MS = 200
BROKEN_MS = 1000
sys.path.insert(0, str(ROOT))

from bench.load.cpu_by_process import cpu_seconds  # noqa: E402

Rows = list[dict[str, str]]
CpuSample = tuple[dict[int, tuple[str, float]], float]  # the stack's processes, and Locust's


def run_stage(users: int, duration: str, host: str, record: Path) -> Rows:
    prefix = RESULTS / f"users-{users}"
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
        "-u", str(users), "-r", str(max(1, users // 20)), "-t", duration, "--host", host,
        "--csv", str(prefix), "--stop-timeout", "30",
    ]  # fmt: skip
    subprocess.run(command, env={**os.environ, "LOADTEST_RECORD": str(record)}, check=False)
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def steps(rows: Rows) -> Rows:
    return [row for row in rows if row["Name"] != "Aggregated"]


def overall(rows: Rows) -> dict[str, str]:
    return next((row for row in rows if row["Name"] == "Aggregated"), {"95%": "0", "Request Count": "0"})


def p95(row: dict[str, str]) -> float:
    return float(row["95%"] or 0)


def print_stage(users: int, rows: Rows) -> None:
    print(f"\n{users} users")
    print(f"{'step':<42} {'requests':>8} {'errors':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in rows:
        print(
            f"{row['Name'][:42]:<42} {row['Request Count']:>8} {row['Failure Count']:>7} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )


def children_cpu() -> float:
    """CPU seconds of the finished child processes: Locust's, once a stage has ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def print_cpu(before: CpuSample, after: CpuSample, requests: int) -> None:
    """CPU seconds by kind of process over the stage, and per step (request)."""
    used = {"locust (load generator)": after[1] - before[1]}
    for pid, (kind, spent) in after[0].items():
        earlier = before[0][pid][1] if pid in before[0] and before[0][pid][0] == kind else 0
        used[kind] = used.get(kind, 0) + spent - earlier
    per_step = {kind: spent * 1000 / max(requests, 1) for kind, spent in used.items()}
    parts = ", ".join(f"{kind} {ms:.1f}" for kind, ms in sorted(per_step.items(), key=lambda item: -item[1]))
    print(f"CPU per step: {sum(per_step.values()):.1f} ms ({parts})")


def load_average() -> str:
    return "load average " + " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def summary(stages: list[tuple[int, Rows]]) -> None:
    print("\nSummary (p95 in ms over all steps; the target: every step's p95 under 200 ms, 0 errors)")
    broke_at = None
    for users, rows in stages:
        total = overall(rows)
        slow = [row["Name"] for row in steps(rows) if p95(row) >= TARGET_MS]
        errors = sum(int(row["Failure Count"] or 0) for row in steps(rows))
        verdict = "target met" if not slow and not errors else f"target not met: {len(slow)} steps slow"
        print(f"  {users:>5} users: p95 {p95(total):>6.0f}, {errors} errors, {verdict}")
        if broke_at is None and p95(total) > BROKEN_MS:
            broke_at = users
            slowest = sorted(steps(rows), key=p95, reverse=True)[:5]
            named = ", ".join(f"{row['Name']} {p95(row):.0f}" for row in slowest)
            print(f"  p95 over all steps passed 1 s at {users} users; the slowest steps there: {named}")
    if broke_at is None:
        print("  p95 over all steps stayed under 1 s at every number of users run")


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


@contextmanager
def stack_if_asked() -> Iterator[None]:
    """With LOADTEST_STACK=1, a stack of this checkout's own for the run's length."""
    if os.environ.get("LOADTEST_STACK") != "1":
        yield
        return
    from tests.production.stack import running_stack

    with running_stack() as stack:
        accounts = [sys.executable, str(HERE / "accounts.py"), os.environ.get("LOADTEST_LINK_WORKERS", "200")]
        subprocess.run(accounts, cwd=ROOT, env=stack.environment, check=True)
        os.environ.update(
            LOADTEST_HOST=stack.base_url,
            LOADTEST_CA=str(stack.ca_file),
            LOADTEST_DATABASE_URL=stack.postgres.url,
            LOADTEST_CPU_MARKERS=str(stack.folder),
        )
        print(f"Stack at {stack.base_url}, logs in {stack.logs}", flush=True)
        yield


def run() -> int:
    RESULTS.mkdir(exist_ok=True)
    host = os.environ.get("LOADTEST_HOST", "https://localhost:8443")
    markers = os.environ.get("LOADTEST_CPU_MARKERS", "").split()
    record = RESULTS / "confirmed.jsonl"
    record.unlink(missing_ok=True)
    started = datetime.now(UTC)
    stages = []
    for users in (int(n) for n in os.environ.get("LOADTEST_USERS", "400").split()):
        print(f"\n{users} users from {datetime.now(UTC):%H:%M:%S}, {load_average()}", flush=True)
        before = (cpu_seconds(markers) if markers else {}, children_cpu())
        rows = run_stage(users, os.environ.get("LOADTEST_DURATION", "5m"), host, record)
        print_stage(users, rows)
        print(f"At its end: {load_average()}")
        if markers:
            print_cpu(before, (cpu_seconds(markers), children_cpu()), int(overall(rows)["Request Count"] or 0))
        stages.append((users, rows))
    summary(stages)
    url = os.environ.get("LOADTEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    problems = check_database(url, record, started) if url else ["set LOADTEST_DATABASE_URL to check the database"]
    for problem in problems[:20]:
        print(f"- {problem}")
    return 1 if problems else 0


def main() -> int:
    with stack_if_asked():
        return run()


if __name__ == "__main__":
    sys.exit(main())
