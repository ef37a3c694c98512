"""Public pages benchmark: every public page on a first visit (no cookie), as requests per
second and p50/p95 latency, next to a bare Flask hello-world served by the same gunicorn
settings (same workers and threads), one after the other in one run.

Pages: the home page, a content page, the languages page, each journey's first page (refer
yourself, ask for a call back), a question page with a draft (the person's own page, never
kept), a listing page, the "page not found" page, and the directory search at 10,000 and at
100,000 listings, cold (every request a search nobody asked for before, so no kept page can
answer it) and warm (three dozen postcode searches, asked again and again by people with no
cookie). Then the growth of a search's cost from 10,000 to 100,000 listings, and each public
page's weight on the wire as `make run` sends it (HTML, CSS and JS, compressed as a browser
asks), against the 60 kB budget.

Timed requests ask for no compression, as the app servers are asked behind the proxy, which
compresses (README, "Running a scheme"); the weights are measured with compression.

The figures are saved in bench/out/public-pages-LABEL.json (`--label`, default "latest");
`--before LABEL` prints a saved run's ratios beside this one's.

Uses the databases that directory_search.py builds (bench/out/), served from 127.0.0.1 only;
every loop is bounded in time and count. Figures, never assertions.

Run: .venv/bin/python bench/public_pages.py [--seconds 4] [--label after] [--before before]
"""

from __future__ import annotations

import argparse
import http.client
import json
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

from directory_search import HOST, MAX_REQUESTS_PER_CLIENT, OUT, SEARCHES, SIZES, WARM, build_database, serve

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
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"')
BUDGET_KB = 60
TARGETS = {"home page": 0.5, "question page with a draft": 0.3}
SEARCH_TARGETS = {"cold": 0.2, "warm": 0.8}
TARGET_GROWTH = 1.25
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


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


def search_name(kind: str, size: int) -> str:
    return f"directory search, {kind}, {size // 1000}k"


def plan(ports: dict[int, int]) -> list[tuple[str, int, tuple[str, ...], str]]:
    """(name, port, paths, mode) of every measurement: pages on the smaller database, searches on both."""
    port = ports[min(ports)]
    tests = [(name, port, paths, "first") for name, paths in FIRST_VISIT_PAGES]
    tests += [
        ("question page with a draft", port, (QUESTION_START,), "draft"),
        ("listing page", port, (a_listing(port),), "first"),
    ]
    for size, size_port in sorted(ports.items()):
        tests += [
            (search_name("cold", size), size_port, SEARCHES, "unique"),
            (search_name("warm", size), size_port, SEARCHES, "first"),
        ]
    return tests


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status not in (200, 404):
        raise RuntimeError(f"{path} answered {response.status}")
    return response.status, body


def page_weight(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[float, float]:
    """(kB on the wire, kB uncompressed) of a page and the CSS and JS it loads, as a browser gets them."""
    connection = _connection(port)
    asked = {"Accept-Encoding": BROWSER_ENCODINGS, **(headers or {})}
    _status, sent = _get(connection, path, asked)
    _status, plain = _get(connection, path, {k: v for k, v in asked.items() if k != "Accept-Encoding"})
    wire, whole = len(sent), len(plain)
    for asset in dict.fromkeys(ASSET.findall(plain.decode())):
        wire += len(_get(connection, asset, asked)[1])
        whole += len(_get(connection, asset, {})[1])
    connection.close()
    return wire / 1024, whole / 1024


def weights(port: int) -> dict[str, tuple[float, float]]:
    pages = [(name, paths[0]) for name, paths in FIRST_VISIT_PAGES]
    pages += [("directory search", SEARCHES[0]), ("listing page", a_listing(port))]
    found = {name: page_weight(port, path) for name, path in pages}
    cookie, question = start_draft(port)
    found["question page with a draft"] = page_weight(port, question, {"Cookie": cookie})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1: sync-like gthread workers")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="listings, comma-separated")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--label", default="latest", help="saved as bench/out/public-pages-LABEL.json")
    parser.add_argument("--before", help="a saved run's label, printed beside this one")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    args = parser.parse_args()
    args.seconds, args.warmup = min(args.seconds, 30.0), min(args.warmup, 5.0)  # bounded, whatever is asked
    sizes = sorted({int(size) for size in args.sizes.split(",") if int(size) in SIZES})
    before = load(args.before) if args.before else {}

    instances: dict[int, Path] = {size: build_database(size, args.rebuild) for size in sizes}
    print(f"\ngunicorn: {args.workers} workers x {args.threads} threads, {args.clients} clients, "
          f"{args.seconds:.0f} s per page, pages on {sizes[0]:,} listings, on {os.cpu_count()} cores; "
          "no cookies unless said\n")  # fmt: skip
    servers = [serve("bare_hello:app", instances[sizes[0]], args, WARM)]
    try:
        servers += [serve("bench_app:app", instances[size], args, WARM) for size in sizes]
        ports = {size: port for size, (_server, port) in zip(sizes, servers[1:], strict=True)}
        ratios: dict[str, float] = {}
        for name, port, paths, mode in plan(ports):
            if args.only not in name:
                continue
            # hello-world measured again beside each page, so both see the same machine load
            bare = measure("bare Flask hello-world", servers[0][1], ("/",), args)
            measured = measure(name, port, paths, args, mode)
            ratios[name] = measured.rps / bare.rps
            print(measured.line(bare) + was(before.get("ratios", {}), name), flush=True)
        print(bare.line())
        if args.only:
            return
        report_growth(ratios, sizes, before.get("ratios", {}))
        found = weights(ports[sizes[0]])
        report_weights(found, before.get("weights", {}))
        report_targets(ratios, sizes)
        save(args.label, {"ratios": ratios, "weights": {name: wire for name, (wire, _whole) in found.items()}})
    finally:
        for running, _port in servers:
            running.terminate()
            running.wait(timeout=30)


def was(before: dict[str, float], name: str) -> str:
    return f"   (before {before[name]:.3f})" if name in before else ""


def report_growth(ratios: dict[str, float], sizes: list[int], before: dict[str, float]) -> None:
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print(f"\ncost of a search at {large:,} listings / at {small:,} (target at most {TARGET_GROWTH}):")
    for kind in ("cold", "warm"):
        growth = ratios[search_name(kind, small)] / ratios[search_name(kind, large)]
        previous = before.get(search_name(kind, small)), before.get(search_name(kind, large))
        then = f"   (before {previous[0] / previous[1]:.2f})" if all(previous) else ""
        print(f"  {kind}: {growth:.2f}{then}")


def report_weights(found: dict[str, tuple[float, float]], before: dict[str, float]) -> None:
    print(f"\nweight on the wire, HTML + CSS + JS compressed as a browser asks (budget {BUDGET_KB} kB):")
    for name, (wire, whole) in found.items():
        verdict = "within" if wire <= BUDGET_KB else "OVER"
        then = f"   (before {before[name]:.1f} kB)" if name in before else ""
        print(f"  {name:<34} {wire:6.1f} kB   ({whole:6.1f} kB uncompressed)   {verdict}{then}")


def report_targets(ratios: dict[str, float], sizes: list[int]) -> None:
    targets = dict(TARGETS)
    targets |= {search_name(kind, sizes[-1]): share for kind, share in SEARCH_TARGETS.items()}
    print("\ntargets (share of hello-world):")
    for name, share in targets.items():
        if name in ratios:
            verdict = "met" if ratios[name] >= share else "NOT met"
            print(f"  {name:<34} {ratios[name]:6.3f}   target {share}   {verdict}")


def saved(label: str) -> Path:
    return OUT / f"public-pages-{re.sub(r'[^A-Za-z0-9_-]', '-', label)}.json"


def save(label: str, figures: dict[str, dict[str, float]]) -> None:
    saved(label).write_text(json.dumps(figures, indent=1))
    print(f"\nsaved as {saved(label)}")


def load(label: str) -> dict[str, dict[str, float]]:
    return dict(json.loads(saved(label).read_text()))


if __name__ == "__main__":
    main()
