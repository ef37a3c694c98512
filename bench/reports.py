"""Reports benchmark: every report over a year of data, by default 1,000,000 referrals (with
their needs, age bands, genders, ethnic groups, contact attempts, group referrals, suggestions
and ONS4 scores) and 10,000,000 search records, timed in-process through the Flask test
client signed in as a coordinator.

    python bench/reports.py                                  # SQLite, built once under bench/out/
    python bench/reports.py --referrals 10000 --searches 100000   # a quick run
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_bench_reports python bench/reports.py

Each report is asked for a quarter and for the whole year (query and page build, server
side), at a clock three months after the last referral came. Before timing, the daily counts
are made from nothing, as `flask reports count` makes them (the worker keeps them up to date
in production); `--keep-counts` times on the counts as a previous run left them; `--live`
removes them, timing the reports as they read the live tables alone.
The target is under 1 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_app import signed_in_client

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Referrals arrive from 1 April 2025 to 31 March 2026; their case work runs on to June.
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
YEAR_START = datetime(2025, 3, 31, 23, 0, tzinfo=UTC)  # midnight, 1 April 2025, UK time
YEAR_SECONDS = 365 * 24 * 3600
TEAMS, LISTINGS, OPEN = 20, 300, 2_000
TARGET_SECONDS = 1.0
CHUNK = 50_000
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
AREAS = [f"LS{number}" for number in range(1, 30)] + [f"BD{number}" for number in range(1, 12)]
LANGUAGES = ["en"] * 12 + ["cy", "ur", "pl", "ro", "pa", "bn", "ar", "other"]
PAGE_LOCALES = ["en"] * 6 + ["cy", "ur", "pl", "ro", "pa", "bn", "ar"]  # the languages of the site
REASONS = ["supported", "referred_to_group", "referred_elsewhere", "declined", "unable_to_contact", "not_eligible"]
GROUP_STATUSES = ["sent", "accepted", "declined", "attended", "did_not_attend", "cancelled"]
QUESTIONS = ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
CATEGORIES = ["walking", "music", "money", "befriending", "arts", "social", "gardening", "carers", "housing"]
OUTCOMES = ["postcode", "outward", "none", "not_found"]
YEAR = "period=chosen&since=2025-04-01&until=2026-03-31"
PERIODS = {
    "a quarter": "period=chosen&since=2026-01-01&until=2026-03-31",
    "whole year": YEAR,
    "year, a team": f"{YEAR}&team=team-01",
    "year, an area": f"{YEAR}&area=LS6",
}
REPORTS = [
    "referrals", "responsiveness", "needs", "who-we-reach", "where-people-went", "outcomes", "unmet-need",
    "directory-health",
]  # fmt: skip
NEEDS = ["lonely", "money", "housing", "mental_wellbeing", "getting_active", "caring", "work", "food"]
AGE_BANDS = ["under_18", "18_24", "25_34", "35_49", "50_64", "65_74", "75_and_over", None]
GENDERS = ["woman", "man", "non_binary", "another_way", None, None]
ETHNIC_GROUPS = ["asian", "black", "mixed", "white", "other", None, None]


def environment(out: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(out),
        "SECRET_KEY": "benchmark-secret-key-that-is-long-enough",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _moment(rng: random.Random) -> datetime:
    return YEAR_START + timedelta(seconds=rng.randrange(YEAR_SECONDS))


class Rows:
    """Every table's rows as tuples, the referrals in order of arrival, the others made as each
    referral is: about 1.3 contact attempts, 0.2 group referrals, 0.3 suggestions and 0.8 ONS4
    scores a referral."""

    def __init__(self, referrals: int, team_ids: list[int], listings: list[tuple[int, int]], seed: int = 17) -> None:
        self.rng, self.count, self.team_ids, self.listings = random.Random(seed), referrals, team_ids, listings
        self.attempts: list[tuple[Any, ...]] = []
        self.group_referrals: list[tuple[Any, ...]] = []
        self.suggestions: list[tuple[Any, ...]] = []
        self.scores: list[tuple[Any, ...]] = []
        self.references: set[str] = set()

    def _reference(self) -> str:
        while True:
            reference = "".join(self.rng.choice(ALPHABET) for _ in range(8))
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def referrals(self) -> Iterator[tuple[Any, ...]]:
        rng, step = self.rng, YEAR_SECONDS / self.count
        open_every = max(1, self.count // OPEN)
        for number in range(self.count):
            at = YEAR_START + timedelta(seconds=number * step + rng.random() * step)
            is_open = number % open_every == open_every - 1
            status = rng.choice(["new", "in_triage", "in_support"]) if is_open else "closed"
            closed_at = None if is_open else at + timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 8))
            referral_id = number + 1
            self._case_work(referral_id, at)
            yield (
                referral_id, self._reference(), "callback" if rng.random() < 0.2 else "self_referral", status,
                False, rng.random() < 0.01, "[]", at, "phone" if rng.random() < 0.1 else "web", "en",
                f"bench-{number}", rng.random() < 0.1, False, rng.choice(AREAS), f"Person {number}",
                json.dumps(rng.sample(NEEDS, rng.randint(0, 2))), "phone", "+447911123456", False, False, False,
                False, rng.choice(LANGUAGES),
                rng.random() < 0.15, True, None, self.team_ids[number % len(self.team_ids)],
                at + timedelta(days=3), False, None if is_open else rng.choice(REASONS), closed_at, 1, at, at,
                rng.choice(AGE_BANDS), rng.choice(GENDERS), rng.choice(ETHNIC_GROUPS),
            )  # fmt: skip

    def _case_work(self, referral_id: int, at: datetime) -> None:
        rng = self.rng
        if rng.random() < 0.85:
            first = at + timedelta(hours=rng.randint(1, 150))
            outcome = "spoke" if rng.random() < 0.6 else "no_answer"
            self.attempts.append((referral_id, first, "phone", outcome))
            if outcome != "spoke" and rng.random() < 0.7:
                self.attempts.append((referral_id, first + timedelta(hours=rng.randint(2, 100)), "phone", "spoke"))
        if rng.random() < 0.2:
            listing_id, organisation_id = rng.choice(self.listings)
            created = at + timedelta(days=rng.randint(2, 20))
            status = rng.choice(GROUP_STATUSES)
            answered = None if status in ("sent", "cancelled") else created + timedelta(hours=rng.randint(2, 200))
            self.group_referrals.append(
                (referral_id, listing_id, organisation_id, "A person", "phone", "", created, status, "", created,
                 False, 0, answered, created, created)
            )  # fmt: skip
        if rng.random() < 0.3:
            self.suggestions.append((referral_id, rng.choice(self.listings)[0], at + timedelta(days=rng.randint(1, 9))))
        if rng.random() < 0.1:
            for question in QUESTIONS:
                self.scores.append((referral_id, "baseline", question, rng.randint(0, 10), at + timedelta(days=3)))
                later = at + timedelta(days=rng.randint(20, 90))
                self.scores.append((referral_id, "follow_up", question, rng.randint(0, 10), later))


REFERRAL_COLUMNS = (
    "id, reference, kind, status, urgent, possible_spam, spam_reasons, submitted_at, source, locale, "
    "submission_token, for_someone_else, out_of_area, outward_code, full_name, needs, contact_channel, phone, "
    "may_leave_voicemail, may_send_texts, may_send_emails, may_send_letters, language, interpreter_needed, "
    "consent_to_share, holder_id, team_id, due_at, safeguarding, closing_reason, closed_at, version, "
    "created_at, updated_at, age_band, gender, ethnic_group"
)
TABLES = {
    "contact_attempt": "referral_id, made_at, method, outcome",
    "group_referral": "referral_id, listing_id, organisation_id, person_name, preferred_contact, note, "
    "consent_recorded_at, status, decline_reason, status_changed_at, sent_while_full, chases, answered_at, "
    "created_at, updated_at",
    "suggested_listing": "referral_id, listing_id, suggested_at",
    "wellbeing_score": "referral_id, stage, question, score, recorded_at",
    "search_record": "created_at, outward_code, place_outcome, categories, filters, result_count, locale, "
    "known_words, other_words",
}


# What searches keep of the words typed: none, one or two words of the vocabulary, some with other words.
TYPED = ["[]"] * 5 + [json.dumps(words) for words in (
    ["walking"], ["choir"], ["yoga"], ["debt"], ["housing"], ["loneliness"], ["carers"], ["dementia"], ["grief"],
    ["football"], ["cooking"], ["English classes"], ["gardening", "allotment"], ["art", "painting"], ["benefits"],
)]  # fmt: skip


def search_rows(count: int, seed: int = 23) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    filter_choices = [{}, {"free": "y"}, {"day": "monday"}, {"free": "y", "step_free": "y"}]
    filters = [json.dumps({**chosen, "distance": miles, "words": words})
               for chosen in filter_choices for miles in (1, 3, 10) for words in (False, True)]  # fmt: skip
    categories = ["[]", *(json.dumps([category]) for category in CATEGORIES)]
    step = YEAR_SECONDS / count
    for number in range(count):
        found = rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 20, 40))
        yield (
            YEAR_START + timedelta(seconds=number * step), rng.choice(AREAS) if rng.random() < 0.8 else None,
            rng.choice(OUTCOMES), rng.choice(categories), rng.choice(filters), found, rng.choice(PAGE_LOCALES),
            rng.choice(TYPED), rng.random() < 0.2,
        )  # fmt: skip


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores a UTC datetime on SQLite."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def load(
    connection: Any, table: str, columns: str, rows: Iterator[tuple[Any, ...]] | Sequence[tuple[Any, ...]]
) -> None:
    """COPY on PostgreSQL, executemany on SQLite: tens of thousands of rows a statement."""
    postgresql = connection.dialect.name == "postgresql"
    raw = connection.connection.dbapi_connection
    for chunk in _chunks(iter(rows)):
        if postgresql:
            text = "".join("\t".join(_copy_text(value) for value in row) + "\n" for row in chunk)
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(text)
        else:
            marks = ", ".join("?" for _ in columns.split(","))
            raw.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                [tuple(_sqlite_value(value) for value in row) for row in chunk],
            )
    raw.commit()


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.database_url = os.environ.get("BENCH_DATABASE_URL")
        name = f"{'postgresql' if self.database_url else 'sqlite'}-{args.referrals}-{args.searches}"
        self.out = ROOT / "bench" / "out" / "reports" / name
        self.env = environment(self.out, self.database_url)
        self.flask = [str(BIN / "flask"), "--app", "wsgi"]

    def app(self) -> Any:
        os.environ.update(self.env)
        from portal import create_app
        from portal.clock import CLOCK

        app = create_app()
        app.config["RATELIMIT_ENABLED"] = False
        app.extensions[CLOCK] = lambda: NOW
        return app

    def build(self) -> None:
        marker = self.out / "complete"
        if marker.exists() and not self.args.rebuild:
            subprocess.run([*self.flask, "db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)
            return
        self.out.mkdir(parents=True, exist_ok=True)
        marker.unlink(missing_ok=True)
        for leftover in self.out.glob("portal.sqlite3*"):
            leftover.unlink()
        if self.database_url:
            subprocess.run([*self.flask, "db", "downgrade", "base"], cwd=ROOT, env=self.env, check=True)
        subprocess.run([*self.flask, "db", "upgrade"], cwd=ROOT, env=self.env, check=True)
        subprocess.run([*self.flask, "demo", "listings", "--count", str(LISTINGS)], cwd=ROOT, env=self.env, check=True)
        started = time.perf_counter()
        self._fill(self.app())
        marker.write_text("ok")
        print(f"built {self.args.referrals:,} referrals and {self.args.searches:,} search records "
              f"in {time.perf_counter() - started:.0f} s")  # fmt: skip

    def _fill(self, app: Any) -> None:
        from sqlalchemy import select

        from portal.db import get_database
        from portal.directory.models import Listing

        with app.app_context():
            self._coordinator(app)
            team_ids = self._teams(app)
            engine = get_database(app).engine
            with engine.connect() as connection:
                listings = [tuple(row) for row in connection.execute(select(Listing.id, Listing.organisation_id))]
                rows = Rows(self.args.referrals, team_ids, listings)  # type: ignore[arg-type]
                load(connection, "referral", REFERRAL_COLUMNS, rows.referrals())
                made = {"contact_attempt": rows.attempts, "group_referral": rows.group_referrals,
                        "suggested_listing": rows.suggestions, "wellbeing_score": rows.scores}  # fmt: skip
                for table, table_rows in made.items():
                    load(connection, table, TABLES[table], table_rows)
                load(connection, "search_record", TABLES["search_record"], search_rows(self.args.searches))
                if engine.dialect.name == "postgresql":
                    for table in ("referral", *TABLES):
                        connection.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                connection.commit()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")

    def _coordinator(self, app: Any) -> None:
        from portal.accounts.models import Role, User
        from portal.db import get_database

        with get_database(app).sessionmaker() as db:
            db.add(User(email="bench.coordinator@example.org", name="Bench Coordinator", role=Role.COORDINATOR))
            db.commit()

    def _teams(self, app: Any) -> list[int]:
        from portal.db import get_database
        from portal.teams.models import Team

        with get_database(app).sessionmaker() as db:
            # Made before the data, as the benchmark's clock sees it: the counting job counts
            # every day again after a team's promise changed.
            teams = [
                Team(slug=f"team-{n:02d}", name=f"Team {n:02d}", roles=["link_worker"], first_contact_working_days=3,
                     created_at=YEAR_START, updated_at=YEAR_START)
                for n in range(1, TEAMS + 1)
            ]  # fmt: skip
            db.add_all(teams)
            db.commit()
            return [team.id for team in teams]

    def count(self) -> float:
        """Counts every day from nothing, as `flask reports count` does (at the benchmark's
        clock); the seconds it took."""
        from portal.reports.cli import count_reports, rebuild

        app = self.app()
        started = time.perf_counter()
        with app.app_context():
            print(rebuild(None, None))
            full = time.perf_counter() - started
            started = time.perf_counter()
            print(count_reports())
        print(f"the worker's job with nothing new to count: {time.perf_counter() - started:.2f} s")
        return full

    def forget_counts(self) -> None:
        """The reports read the live tables alone (the code before the counts has none)."""
        try:
            from portal.reports.counting import forget
        except ImportError:
            return
        app = self.app()
        with app.app_context():
            from portal.db import get_database

            with get_database(app).sessionmaker() as db:
                forget(db)
                db.commit()

    def measure(self) -> dict[tuple[str, str], Timing]:
        """Every report's page (all of its parts: charts, tables, summary) and its CSV file, for
        each period."""
        app = self.app()
        client = signed_in_client(app, "bench.coordinator@example.org")
        found = {}
        for period, query in PERIODS.items():
            for slug in self.args.report or REPORTS:
                page = timed(client, f"/en/reports/{slug}?{query}", self.args.repeat)
                csv = timed(client, f"/en/reports/{slug}/download.csv?{query}", self.args.repeat)
                found[slug, period] = Timing(*page, *csv)
        return found


@dataclass(frozen=True)
class Timing:
    """Median seconds of a report's page and of its CSV file: wall-clock and CPU."""

    page: float
    page_cpu: float
    csv: float
    csv_cpu: float


def timed(client: Any, path: str, repeat: int) -> tuple[float, float]:
    """The median wall-clock and CPU seconds of a request, after one to warm up (none when only
    one is asked for: the live reports can take minutes at a million referrals)."""
    if repeat > 1:
        client.get(path)
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return statistics.median(walls), statistics.median(cpus)


def print_table(timings: dict[tuple[str, str], Timing]) -> None:
    """A Markdown table: server milliseconds per request, the page's and the CSV file's."""
    print("\n| report | period | page ms | page CPU ms | CSV ms | CSV CPU ms | under 1 s |")
    print("|---|---|--:|--:|--:|--:|---|")
    for (slug, period), timing in timings.items():
        verdict = "yes" if max(timing.page, timing.csv) < TARGET_SECONDS else "NO: TARGET MISSED"
        milliseconds = " | ".join(f"{seconds * 1000:.0f}" for seconds in astuple(timing))
        print(f"| {slug} | {period} | {milliseconds} | {verdict} |")
    slowest = max(max(timing.page, timing.csv) for timing in timings.values())
    missed = sum(max(timing.page, timing.csv) >= TARGET_SECONDS for timing in timings.values())
    print(f"\nslowest request {slowest * 1000:.0f} ms; {missed} of {len(timings)} report and period pairs "
          f"over the {TARGET_SECONDS:.0f} s target")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="requests timed per report and period")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--live", action="store_true", help="time the reports reading the live tables alone")
    parser.add_argument("--keep-counts", action="store_true", help="time the reports on the counts a run left")
    parser.add_argument("--report", action="append", choices=REPORTS, help="time only these reports")
    args = parser.parse_args()
    bench = Bench(args)
    bench.build()
    if args.live:
        bench.forget_counts()
    counting = None if args.live or args.keep_counts else bench.count()
    engine = "PostgreSQL" if bench.database_url else "SQLite"
    print(f"\n{engine}: {args.referrals:,} referrals, {args.searches:,} search records over a year; "
          f"median of {args.repeat} requests, in-process")  # fmt: skip
    if counting is not None:
        print(f"flask reports count (from nothing to up to date): {counting:.1f} s")
    print(f"(load average {_load()} on {os.cpu_count()} cores before timing: server times grow with it)")
    timings = bench.measure()
    print_table(timings)
    print(f"(load average {_load()} after timing)")


def _load() -> str:
    return " / ".join(f"{load:.1f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
