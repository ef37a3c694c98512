"""Open Referral UK API benchmark at 10,000 listings: a page of 50 services, one service in
full, and places nearest a postcode.

Two measures, both against the SQLite database `directory_search.py` builds (cached in
bench/out/):
- served: gunicorn on 127.0.0.1, keep-alive clients back to back (`directory_search`'s load
  generator), p50/p95 latency and requests per second, next to a bare Flask hello-world
  served the same way (the ratio);
- in-process: server time per request through the WSGI app (no HTTP), p50/p95, and the SQL
  queries each request runs (a page must not cost a query per service). Time is taken twice:
  by the clock, and as the CPU time of the request's thread (SQLite runs in it, so this is
  all the server's own work, and steady on a machine shared with other work: the verdict).

On PostgreSQL: set DATABASE_URL to a database holding the same listings (`flask db upgrade`
then `flask demo listings --count 10000` with that DATABASE_URL); the CPU time then leaves
out the database server's share, which the clock's figures include.

Run: .venv/bin/python bench/oruk_api.py [--seconds 8] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from bench_app import load_arguments
from directory_search import HOST, ROOT, Measured, build_database, environment, run_server

SIZE = 10_000
POSTCODES = ("LS6+1AN", "LS7+3JB", "LS11+5QH", "LS2+7EW", "LS8", "LS4+2PR")
TARGET_MS = 50.0
# The API's own limit would refuse a benchmark's traffic from one address.
UNLIMITED = {"API_RATE_LIMIT": "100000000 per minute"}


def endpoints(service_ids: list[str]) -> dict[str, tuple[str, ...]]:
    return {
        "services, a page of 50": tuple(f"/api/oruk/services?per_page=50&page={n}" for n in range(1, 201, 7)),
        "one service in full": tuple(f"/api/oruk/services/{service_id}" for service_id in service_ids),
        "places within 2 km of a postcode, 50": tuple(
            f"/api/oruk/service_at_locations?postcode={p}&proximity=2000&per_page=50" for p in POSTCODES
        ),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def in_process(instance: str) -> None:
    """Run in a subprocess: server time and queries per request, printed as JSON."""
    os.environ.update(PORTAL_INSTANCE_PATH=instance, SECRET_KEY="benchmark-secret-key-that-is-long-enough", **UNLIMITED)
    from bench_app import app
    from sqlalchemy import event

    from portal.db import get_database

    client = app.test_client()
    listed = client.get("/api/oruk/services?per_page=30&page=17").get_json()["contents"]
    queries: list[str] = []
    event.listen(get_database(app).engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    found = {}
    for name, paths in {"hello": ("/bench/hello",), **endpoints([item["id"] for item in listed])}.items():
        for path in paths:  # warm up: caches, the categories, database pages
            client.get(path)
        times, cpu_times, counts = [], [], []
        for index in range(300):
            path = paths[index % len(paths)]
            queries.clear()
            started, cpu_started = time.perf_counter(), time.thread_time()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.thread_time() - cpu_started) * 1000)
            counts.append(len(queries))
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        found[name] = {"p50": statistics.median(times), "p95": percentile(times, 0.95),
                       "cpu_p50": statistics.median(cpu_times), "cpu_p95": percentile(cpu_times, 0.95),
                       # typical, and at most (when the categories, kept a few seconds, are read again)
                       "queries": statistics.mode(counts), "most_queries": max(counts),
                       "items": len(response.get_json().get("contents", [])) if name != "hello" else 0}  # fmt: skip
    print(json.dumps({"ids": [item["id"] for item in listed], "endpoints": found}))


def served(
    module: str, instance: Path, tests: list[tuple[str, tuple[str, ...]]], args: argparse.Namespace
) -> list[Measured]:
    os.environ.update(UNLIMITED)
    return run_server(module, instance, args, tests)


def line(measured: Measured) -> str:
    return (f"  {measured.name:<40} {measured.rps:>7.0f} req/s   p50 {measured.p50_ms:>6.2f} ms   "
            f"p95 {measured.p95_ms:>6.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    load_arguments(parser).add_argument("--in-process", metavar="INSTANCE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        in_process(args.in_process)
        return
    instance = build_database(SIZE, args.rebuild)
    command = [sys.executable, __file__, "--in-process", str(instance)]
    output = subprocess.run(command, cwd=ROOT, env=environment(instance), check=True, capture_output=True, text=True)
    measured = json.loads(output.stdout.strip().splitlines()[-1])
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"\nIn-process server time at {SIZE:,} listings ({database}, no HTTP), 300 requests each:")
    for name, found in measured["endpoints"].items():
        within = found["cpu_p95"] < TARGET_MS
        verdict = "" if name == "hello" else f"   {'within' if within else 'OVER'} {TARGET_MS:.0f} ms"
        print(f"  {name:<40} p50 {found['p50']:>6.2f} ms   p95 {found['p95']:>6.2f} ms   "
              f"CPU p50 {found['cpu_p50']:>6.2f} ms   p95 {found['cpu_p95']:>6.2f} ms   "
              f"{found['queries']} queries a request (at most {found['most_queries']}){verdict}")  # fmt: skip
    print(f"\nServed by gunicorn on {HOST} ({args.workers} workers x {args.threads} threads, {args.clients} clients, "
          f"{args.seconds:.0f} s each, {os.cpu_count()} cores):")  # fmt: skip
    (bare,) = served("bare_hello:app", instance, [("bare Flask hello-world", ("/",))], args)
    print(line(bare))
    for api in served("bench_app:app", instance, list(endpoints(measured["ids"]).items()), args):
        print(f"{line(api)}   {api.rps / bare.rps:.3f} of hello-world")


if __name__ == "__main__":
    main()
