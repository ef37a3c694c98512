"""Public pages benchmark: every public page on a first visit (no cookie), as requests per
second and p50/p95 latency, next to a bare Flask hello-world served by the same gunicorn
settings (same workers and threads), one after the other in one run.

Pages: the home page, a content page, the languages page, directory search cold (every
request a search nobody asked for before, so no kept page can answer it) and warm (a dozen
postcode searches, asked again and again by people with no cookie), a listing page, each
journey's first page (refer yourself, ask for a call back), a question page with a draft
(the person's own page, never kept), and the "page not found" page.

Uses the 10,000-listing database that directory_search.py builds (bench/out/), served from
127.0.0.1 only; every loop is bounded in time and count. Figures, never assertions.

Run: .venv/bin/python bench/public_pages.py [--seconds 4] [--size 10000]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(__file__))

from directory_search import HOST, MAX_REQUESTS_PER_CLIENT, SEARCHES, WARM, build_database, serve

QUESTION_START = "/en/refer-yourself"
FIRST_VISIT_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("home page", ("/en/",)),
    ("content page", ("/en/what-is-social-prescribing",)),
    ("languages page", ("/en/languages",)),
    ("refer yourself, first page", (QUESTION_START,)),
    ("call back, first page", ("/en/ask-for-a-call-back",)),
    ("page not found", ("/en/no-such-page",)),
)
LISTING = re.compile(r'href="(/en/directory/listings/\d+)')


@dataclass
class Measured:
    name: str
    latencies: list[float]
    seconds: float

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    def line(self, bare: Measured | None = None) -> str:
        ratio = f"   {self.rps / bare.rps:6.3f} of hello-world" if bare else ""
        return (
            f"{self.name:<36} {self.rps:>7.0f} req/s   p50 {statistics.median(self.latencies):>6.2f} ms"
            f"   p95 {self.percentile(0.95):>6.2f} ms{ratio}"
        )


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=10)


def start_draft(port: int) -> tuple[str, str]:
    """A person who started a self-referral: their session cookie and first question's path."""
    connection = _connection(port)
    connection.request("GET", QUESTION_START)
    response = connection.getresponse()
    page = response.read().decode()
    cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None or not cookie:
        raise RuntimeError("the start page has no CSRF token or cookie")
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", QUESTION_START, body=urlencode({"csrf_token": token.group(1)}), headers=headers)
    started = connection.getresponse()
    started.read()
    if started.status != 303:
        raise RuntimeError(f"starting a self-referral answered {started.status}")
    return (started.getheader("Set-Cookie") or cookie).split(";", 1)[0], str(started.getheader("Location"))


def _client(port: int, paths: tuple[str, ...], seconds: float, offset: int, mode: str) -> list[float]:
    """One keep-alive connection sending requests back to back, latencies in ms. `mode`:
    "first" never sends a cookie; "unique" neither, and makes every URL new; "draft" sends
    the cookie of its own self-referral."""
    headers: dict[str, str] = {}
    if mode == "draft":
        headers["Cookie"], question = start_draft(port)
        paths = (question,)
    connection = _connection(port)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    index = offset
    while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS_PER_CLIENT:
        path = paths[index % len(paths)]
        if mode == "unique":
            path = f"{path}&visit={offset}-{index}"
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status not in (200, 404):
            raise RuntimeError(f"{path} answered {response.status}")
        index += 1
    connection.close()
    return latencies


def measure(name: str, port: int, paths: tuple[str, ...], args: argparse.Namespace, mode: str = "first") -> Measured:
    with multiprocessing.Pool(args.clients) as pool:
        pool.starmap(_client, [(port, paths, args.warmup, n * 10_000_000, mode) for n in range(args.clients)])
        started = time.perf_counter()
        results = pool.starmap(_client, [(port, paths, args.seconds, n * 7, mode) for n in range(args.clients)])
        elapsed = time.perf_counter() - started
    return Measured(name, [latency for result in results for latency in result], elapsed)


def a_listing(port: int) -> str:
    connection = _connection(port)
    connection.request("GET", SEARCHES[0])
    found = LISTING.search(connection.getresponse().read().decode())
    if found is None:
        raise RuntimeError("the search found no listing")
    return found.group(1)


def measure_portal(port: int, args: argparse.Namespace) -> list[tuple[str, tuple[str, ...], str]]:
    tests = [(name, paths, "first") for name, paths in FIRST_VISIT_PAGES]
    tests += [
        ("directory search, cold", SEARCHES, "unique"),
        ("directory search, warm", SEARCHES, "first"),
        ("listing page", (a_listing(port),), "first"),
        ("question page with a draft", (QUESTION_START,), "draft"),
    ]
    return tests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1: sync-like gthread workers")
    parser.add_argument("--size", type=int, default=10_000, choices=(10_000, 100_000))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    args.seconds, args.warmup = min(args.seconds, 30.0), min(args.warmup, 5.0)  # bounded, whatever is asked

    instance: Path = build_database(args.size, args.rebuild)
    print(f"\ngunicorn: {args.workers} workers x {args.threads} threads, {args.clients} clients, "
          f"{args.seconds:.0f} s per page, {args.size:,} listings, on {os.cpu_count()} cores; no cookies "
          "unless said\n")  # fmt: skip
    bare_server, bare_port = serve("bare_hello:app", instance, args, WARM)
    server, port = serve("bench_app:app", instance, args, WARM)
    try:
        for name, paths, mode in measure_portal(port, args):
            # hello-world measured again beside each page, so both see the same machine load
            bare = measure("bare Flask hello-world", bare_port, ("/",), args)
            print(measure(name, port, paths, args, mode).line(bare), flush=True)
        print(bare.line())
    finally:
        for running in (server, bare_server):
            running.terminate()
            running.wait(timeout=30)


if __name__ == "__main__":
    main()
