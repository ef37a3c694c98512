"""Directory search benchmark: does a search cost the same with 10,000 and 100,000 listings?

Builds (once, cached in bench/out/) SQLite databases with 10,000 and 100,000 synthetic Leeds
listings, serves each with gunicorn on 127.0.0.1 only, and measures requests per second and
p50/p99 latency of realistic searches (a postcode plus a category, rotating through a dozen)
next to a hello-world endpoint in the same app and a bare Flask hello-world, served the same way.
Searches are measured twice: cold, with the page cache off (DIRECTORY_CACHE_SECONDS=0: every
search rendered), and warm, with it on as in production (people who come back with only their
language cookie are served kept pages).

The load generator is plain Python (processes, each with one keep-alive connection), bounded
in time and count, and only ever talks to 127.0.0.1.

Run: make bench   or   .venv/bin/python bench/directory_search.py [--seconds 8] [--rebuild]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from bench_app import load_arguments

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
SIZES = (10_000, 100_000)
POSTCODES = ("LS6+1AN", "LS7+3JB", "LS11+5QH", "LS2+7EW", "LS8", "LS4+2PR")
CATEGORIES = ("walking", "music", "money", "befriending", "arts", "social")
SEARCHES = tuple(f"/en/directory?postcode={p}&category={c}" for p in POSTCODES for c in CATEGORIES)
HOST = "127.0.0.1"
MAX_REQUESTS_PER_CLIENT = 200_000
TARGET_RATIO, TARGET_GROWTH = 0.35, 1.25


@dataclass
class Measured:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    p95_ms: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return f"{self.name:<34} {self.rps:>8.0f} req/s   p50 {self.p50_ms:>6.2f} ms   p99 {self.p99_ms:>6.2f} ms"


COLD, WARM = "0", "60"  # DIRECTORY_CACHE_SECONDS


def environment(instance: Path, cache_seconds: str = WARM) -> dict[str, str]:
    return {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "benchmark-secret-key-that-is-long-enough",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        "DIRECTORY_CACHE_SECONDS": cache_seconds,
    }


def build_database(size: int, rebuild: bool) -> Path:
    instance = OUT / f"listings-{size}"
    marker = instance / "complete"
    if marker.exists() and not rebuild:
        return instance
    for leftover in instance.glob("portal.sqlite3*"):
        leftover.unlink()
    instance.mkdir(parents=True, exist_ok=True)
    env = environment(instance)
    started = time.perf_counter()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
    subprocess.run([*flask, "demo", "listings", "--count", str(size)], cwd=ROOT, env=env, check=True)
    marker.write_text("ok")
    print(f"built {size} listings in {time.perf_counter() - started:.0f} s")
    return instance


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def serve(
    module: str, instance: Path, args: argparse.Namespace, cache_seconds: str
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        str(BIN / "gunicorn"), "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
        "--worker-class", "gthread", "--threads", str(args.threads), "--keep-alive", "30",
        "--pythonpath", str(ROOT / "bench"), "--chdir", str(ROOT), "--log-level", "warning", module,
        "--config", os.devnull,  # not the production gunicorn.conf.py, which refuses benchmark settings
    ]  # fmt: skip
    server = subprocess.Popen(command, env=environment(instance, cache_seconds))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/health" if "bench_app" in module else "/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"{module} did not start")


def _client(port: int, paths: tuple[str, ...], seconds: float, offset: int) -> list[float]:
    """One keep-alive connection sending requests back to back; returns latencies in ms."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    headers: dict[str, str] = {}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    index = offset
    while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS_PER_CLIENT:
        started = time.perf_counter()
        connection.request("GET", paths[index % len(paths)], headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{paths[index % len(paths)]} answered {response.status}")
        cookie = response.getheader("Set-Cookie")
        if cookie:  # a browser would send its session cookie back
            headers["Cookie"] = cookie.split(";", 1)[0]
        index += 1
    connection.close()
    return latencies


def measure(name: str, port: int, paths: tuple[str, ...], args: argparse.Namespace) -> Measured:
    with multiprocessing.Pool(args.clients) as pool:
        pool.starmap(_client, [(port, paths, args.warmup, n) for n in range(args.clients)])
        started = time.perf_counter()
        results = pool.starmap(_client, [(port, paths, args.seconds, n * 7) for n in range(args.clients)])
        elapsed = time.perf_counter() - started
    latencies = sorted(latency for result in results for latency in result)
    p99, p95 = (latencies[min(len(latencies) - 1, int(len(latencies) * share))] for share in (0.99, 0.95))
    return Measured(name, len(latencies), elapsed, statistics.median(latencies), p99, p95)


def run_server(
    module: str,
    instance: Path,
    args: argparse.Namespace,
    tests: list[tuple[str, tuple[str, ...]]],
    cache_seconds: str = WARM,
) -> list[Measured]:
    server, port = serve(module, instance, args, cache_seconds)
    try:
        return [measure(name, port, paths, args) for name, paths in tests]
    finally:
        server.terminate()
        server.wait(timeout=30)


def cpu_costs(instance: Path) -> dict[str, float]:
    """Milliseconds of CPU per hello-world and per search, cold and warm, in-process (see cpu_cost.py)."""
    costs: dict[str, float] = {}
    for cache_seconds, name in ((COLD, "cold"), (WARM, "warm")):
        command = [sys.executable, str(ROOT / "bench" / "cpu_cost.py"), str(instance)]
        env = environment(instance, cache_seconds)
        output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        found = json.loads(output.stdout.strip().splitlines()[-1])
        costs[f"hello {name}"], costs[name] = found["hello"], found["search"]
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args = load_arguments(parser).parse_args()

    instances = {size: build_database(size, args.rebuild) for size in SIZES}
    print(f"\ngunicorn: {args.workers} workers x {args.threads} threads (gthread), {args.clients} clients, "
          f"{args.seconds:.0f} s each, on {os.cpu_count()} cores\n")  # fmt: skip
    bare = run_server("bare_hello:app", instances[SIZES[0]], args, [("bare Flask hello-world", ("/",))])[0]
    print(bare.line())
    found: dict[int, dict[str, Measured]] = {}
    for size in SIZES:
        hello, warm = run_server(
            "bench_app:app", instances[size], args,
            [(f"portal hello-world ({size:,} listings)", ("/bench/hello",)),
             (f"search, warm ({size:,} listings)", SEARCHES)],
        )  # fmt: skip
        cold_test = [(f"search, cold ({size:,} listings)", SEARCHES)]
        cold = run_server("bench_app:app", instances[size], args, cold_test, COLD)
        found[size] = {"hello": hello, "cold": cold[0], "warm": warm}
        for measured in (hello, cold[0], warm):
            print(measured.line())
    report(bare, found)
    report_cpu({size: cpu_costs(instances[size]) for size in SIZES})


def report_cpu(costs: dict[int, dict[str, float]]) -> None:
    small, large = SIZES
    print("\nCPU per request, in-process (no HTTP; steadier on a shared machine):")
    for size in SIZES:
        for name in ("cold", "warm"):
            hello, search = costs[size][f"hello {name}"], costs[size][name]
            print(f"{size:>7,} listings, {name}: hello {hello:.2f} ms, search {search:.2f} ms, "
                  f"ratio {hello / search:.3f}")  # fmt: skip
    for name in ("cold", "warm"):
        growth = costs[large][name] / costs[small][name]
        print(f"CPU cost of a search, {name}, at {large:,} / at {small:,} = {growth:.2f} "
              f"(target at most {TARGET_GROWTH})")  # fmt: skip


def report(bare: Measured, found: dict[int, dict[str, Measured]]) -> None:
    small, large = SIZES
    print()
    for size in SIZES:
        hello = found[size]["hello"]
        for name in ("cold", "warm"):
            search = found[size][name]
            print(f"{size:>7,} listings, {name}: search / bare hello = {search.rps / bare.rps:.3f}   "
                  f"search / portal hello = {search.rps / hello.rps:.3f}")  # fmt: skip
    for name in ("cold", "warm"):
        growth = found[small][name].rps / found[large][name].rps
        ratio = found[large][name].rps / bare.rps
        print(f"{name}: cost of a search at {large:,} / at {small:,} = {growth:.2f} (target at most {TARGET_GROWTH}); "
              f"search at {large:,} / hello-world = {ratio:.3f} (target at least {TARGET_RATIO})")  # fmt: skip


if __name__ == "__main__":
    main()
