"""Lighthouse on every public page, as a first-time visitor on a cheap phone sees it: mobile
form factor, Lighthouse's default simulated throttling (a slow 4G and a 4x slower CPU), the
performance and accessibility categories, in English and in Arabic (right to left).

The portal is served as `make run` serves it (demo data on SQLite, in a temporary instance
folder, responses compressed), but by gunicorn (2 workers of 1 thread, as the other benches
serve it), closer to production than the dev server, on 127.0.0.1 and a free port.
Lighthouse (pinned in bench/lighthouse/package.json) is installed there on first use with
`npm ci`; the browser is Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless.

Pages: the home page, every content page, the languages page, each journey's first page, a
question page with a draft (the draft's cookie sent by Lighthouse), the directory search with
results, a listing page and "page not found". Prints each page's performance score, First
Contentful Paint, Largest Contentful Paint, Total Blocking Time, Cumulative Layout Shift,
Speed Index and accessibility score (the median of `--runs` runs), and the audits that cost
a page its score (`--why`); saves them in bench/out/lighthouse-LABEL.json, each full report
beside them in bench/out/lighthouse-LABEL/. Figures, never assertions.

Run: make bench-lighthouse   or   .venv/bin/python bench/lighthouse.py [--only home] [--languages en,ar]
     [--runs 3] [--label after] [--before before] [--why]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from bench_app import load_arguments
from directory_search import BIN, HOST, OUT, ROOT, WARM, environment, serve
from public_pages import LISTING, QUESTION_START, start_draft

from portal.pages.routes import CONTENT_PAGES

LIGHTHOUSE = ROOT / "bench" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox"
RUN_TIMEOUT_SECONDS, ATTEMPTS = 180, 2
NOT_FOUND = "no-such-page"
SEARCH = "directory?postcode=LS6+1AN&category=walking"
TARGET_PERFORMANCE = 0.95
METRICS = {  # Lighthouse audit id: (column, unit divisor, format)
    "first-contentful-paint": ("FCP s", 1000, "{:.2f}"),
    "largest-contentful-paint": ("LCP s", 1000, "{:.2f}"),
    "total-blocking-time": ("TBT ms", 1, "{:.0f}"),
    "cumulative-layout-shift": ("CLS", 1, "{:.3f}"),
    "speed-index": ("SI s", 1000, "{:.2f}"),
}


@dataclass
class Scored:
    page: str
    performance: float
    accessibility: float
    metrics: dict[str, float]
    held_back_by: list[str]

    def line(self, before: Scored | None) -> str:
        cells = [f"{self.page:<40}", f"{self.performance:5.2f}"]
        cells += [METRICS[audit][2].format(value).rjust(7) for audit, value in self.metrics.items()]
        cells.append(f"{self.accessibility:5.2f}")
        if before is not None:
            cells.append(f"  (before {before.performance:.2f} / {before.accessibility:.2f})")
        return " ".join(cells)


def install_lighthouse() -> None:
    """`npm ci` in bench/lighthouse only: the portal's own node_modules is never touched."""
    if LIGHTHOUSE_BIN.exists():
        return
    print("installing Lighthouse into bench/lighthouse/ (npm ci) ...", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE, check=True)


def demo_instance(instance: Path) -> None:
    """The demo data `make run` loads, in its own instance folder."""
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([*flask, *command], cwd=ROOT, env=environment(instance), check=True, stdout=subprocess.DEVNULL)


def _get(port: int, path: str, cookie: str = "") -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    if response.status not in (200, 404):
        raise RuntimeError(f"{path} answered {response.status}")
    return page


def pages(port: int, languages: list[str]) -> list[tuple[str, str, str]]:
    """(name, path, cookie) of every public page in each language."""
    listing = LISTING.search(_get(port, f"/en/{SEARCH}"))
    if listing is None:
        raise RuntimeError(f"the search {SEARCH} found no listing in the demo data")
    cookie, question = start_draft(port)
    question_after_language = question.split("/en/", 1)[-1]
    found = []
    for code in languages:
        in_language = [
            ("home", f"/{code}/"),
            *((f"content: {slug}", f"/{code}/{slug}") for slug in CONTENT_PAGES),
            ("languages", f"/{code}/languages"),
            ("refer yourself, first page", f"/{code}{QUESTION_START.removeprefix('/en')}"),
            ("call back, first page", f"/{code}/ask-for-a-call-back"),
            ("directory search", f"/{code}/{SEARCH}"),
            ("listing", f"/{code}/{listing.group(1).removeprefix('/en/')}"),
            ("page not found", f"/{code}/{NOT_FOUND}"),
        ]
        found += [(f"{code} {name}", path, "") for name, path in in_language]
        found.append((f"{code} question with a draft", f"/{code}/{question_after_language}", cookie))
    return found


def run_lighthouse(url: str, cookie: str, report: Path) -> dict | None:  # type: ignore[type-arg]
    command = [
        str(LIGHTHOUSE_BIN), url, "--quiet", "--output=json", f"--output-path={report}",
        "--form-factor=mobile", "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if url.endswith(NOT_FOUND):
        command.append("--ignore-status-code")  # its 404 is the page being measured
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for _attempt in range(ATTEMPTS):  # a trace is sometimes lost on a busy machine (NO_NAVSTART)
        try:
            subprocess.run(command, env=env, check=True, timeout=RUN_TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            continue
        return dict(json.loads(report.read_text()))
    return None


def scored(page: str, report: dict) -> Scored:  # type: ignore[type-arg]
    audits, categories = report["audits"], report["categories"]
    metric_ids = set(METRICS)
    held_back = [
        f"{audit['id']} ({audit.get('displayValue') or audit['score']})"
        for ref in categories["performance"]["auditRefs"]
        if (audit := audits[ref["id"]])["score"] is not None and audit["score"] < 0.9
        and (ref["id"] in metric_ids or audit.get("details", {}).get("type") in ("opportunity", "table"))
    ]  # fmt: skip
    held_back += [
        f"a11y {ref['id']}"
        for ref in categories["accessibility"]["auditRefs"]
        if audits[ref["id"]]["score"] == 0 and ref["weight"] > 0
    ]
    return Scored(
        page=page,
        performance=float(categories["performance"]["score"] or 0),
        accessibility=float(categories["accessibility"]["score"] or 0),
        metrics={audit: float(audits[audit]["numericValue"]) / unit for audit, (_c, unit, _f) in METRICS.items()},
        held_back_by=held_back,
    )


def median_run(name: str, url: str, cookie: str, reports: Path, runs: int) -> Scored | None:
    """The run with the median performance score of `runs` (Lighthouse's own advice against the
    noise of a busy machine), its report kept as reports/NAME.json."""
    report_file = reports / (re.sub(r"\W+", "-", name) + ".json")
    found: list[tuple[Scored, str]] = []
    for _run in range(runs):
        report = run_lighthouse(url, cookie, report_file)
        if report is not None:
            found.append((scored(name, report), report_file.read_text()))
    if not found:
        return None
    median, text = sorted(found, key=lambda run: run[0].performance)[len(found) // 2]
    report_file.write_text(text)
    return median


def header() -> str:
    return " ".join([f"{'page':<40}", " perf", *(column.rjust(7) for column, _u, _f in METRICS.values()), " a11y"])


def saved(label: str) -> Path:
    return OUT / f"lighthouse-{re.sub(r'[^A-Za-z0-9_-]', '-', label)}.json"


def load(label: str) -> dict[str, Scored]:
    return {row["page"]: Scored(**row) for row in json.loads(saved(label).read_text())["pages"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    load_arguments(parser, threads=1)
    parser.add_argument("--languages", default="en,ar", help="comma-separated locale codes")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--label", default="latest", help="saved as bench/out/lighthouse-LABEL.json")
    parser.add_argument("--before", help="a saved run's label, printed beside this one")
    parser.add_argument("--runs", type=lambda text: max(1, min(int(text), 9)), default=1,
                        help="Lighthouse runs per page, the median kept (at most 9)")  # fmt: skip
    parser.add_argument("--why", action="store_true", help="print the audits that cost each page its score")
    args = parser.parse_args()
    before = load(args.before) if args.before else {}
    install_lighthouse()
    reports = OUT / saved(args.label).stem
    reports.mkdir(parents=True, exist_ok=True)
    results: list[Scored] = []
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as instance:
        demo_instance(Path(instance))
        server, port = serve("bench_app:app", Path(instance), args, WARM)
        try:
            print(f"\ngunicorn {args.workers} workers x {args.threads} thread on {HOST}:{port}, compressed; "
                  f"Lighthouse mobile, simulated throttling; load average {os.getloadavg()[0]:.1f}\n")  # fmt: skip
            print(header(), flush=True)
            for name, path, cookie in pages(port, args.languages.split(",")):
                if args.only not in name:
                    continue
                _get(port, path, cookie)  # warmed once, as a page is for everyone after the first
                measured = median_run(name, f"http://{HOST}:{port}{path}", cookie, reports, args.runs)
                if measured is None:
                    print(f"{name:<40} Lighthouse failed (see above)", flush=True)
                    continue
                results.append(measured)
                print(results[-1].line(before.get(name)), flush=True)
                if args.why and results[-1].held_back_by:
                    print("    held back by: " + "; ".join(results[-1].held_back_by), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    under = [row.page for row in results if row.performance < TARGET_PERFORMANCE]
    print(f"\n{len(results) - len(under)} of {len(results)} pages at performance {TARGET_PERFORMANCE} or more"
          + (f"; under: {', '.join(under)}" if under else ""))  # fmt: skip
    figures = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_average": os.getloadavg()[0]}
    saved(args.label).write_text(json.dumps({**figures, "pages": [asdict(row) for row in results]}, indent=1))
    print(f"saved as {saved(args.label)}, reports in {reports}/")


if __name__ == "__main__":
    main()
