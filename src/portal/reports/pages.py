"""The reports as view models: a chart, a summary, and one table that the page shows and the
CSV file repeats cell for cell."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from markupsafe import Markup

from portal.i18n import _l
from portal.referrals import choices
from portal.reports import counted, counting, figures, queries
from portal.reports.access import Scope
from portal.reports.charts import Bar, bar_chart

Cell = int | float | str


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[Cell]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    chart: Markup
    summary: list[str]
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what is counted, and what is not kept

    def csv_rows(self) -> list[list[Cell]]:
        """Every table, one after another, each under its caption."""
        rows: list[list[Cell]] = []
        for table in self.tables:
            rows += [[table.caption], list(table.header), *table.rows, []]
        return rows[:-1]


def count_rows(counts: list[tuple[str, int]], *, suppress: bool = False) -> list[list[Cell]]:
    """One row a thing counted: its label and count, suppressed in a breakdown by area or
    person characteristic (`figures.suppressed`). Nothing counted at all: no rows."""
    if not any(count for _name, count in counts):
        return []
    return [[name, figures.suppressed(count) if suppress else count] for name, count in counts]


def bars(rows: list[list[Cell]]) -> list[Bar]:
    """A chart's bars from a table's first two columns."""
    return [Bar(str(row[0]), row[1]) for row in rows]


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    description: str
    build: Callable[[Scope, datetime], Report]


ROUTES = (
    ("self_referral", _l("Self-referral")),
    ("callback", _l("Call back")),
    ("behalf", _l("On someone's behalf")),
    ("staff", _l("Entered by staff")),
)


def _weeks_and_routes(scope: Scope) -> list[list[Cell]]:
    counts: Counter[tuple[date, str]] = Counter()
    for (day, route), count in counted.route_days(scope).items():
        counts[day - timedelta(days=day.weekday()), route] += count
    weeks = sorted({week for week, _route_name in counts})
    return [
        [week.isoformat(), *(counts[week, key] for key, _label in ROUTES), sum(counts[week, k] for k, _l in ROUTES)]
        for week in weeks
    ]


def _language_label(code: str) -> str:
    return choices.label_of(choices.LANGUAGES, code) or code


def _languages(scope: Scope) -> list[list[Cell]]:
    counts: dict[str, list[int]] = {}
    for language, interpreter, count in counted.languages(scope):
        counts.setdefault(language, [0, 0])[0 if interpreter else 1] += count
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    return [
        [_language_label(code), figures.suppressed(both[0]), figures.suppressed(both[1]), figures.suppressed(sum(both))]
        for code, both in ordered
    ]


def referrals_report(scope: Scope, _now: datetime) -> Report:
    weeks = _weeks_and_routes(scope)
    total = sum(int(row[-1]) for row in weeks)
    title = _("Referrals")
    route_totals = [sum(int(row[index + 1]) for row in weeks) for index in range(len(ROUTES))]
    bars = [Bar(str(label), count) for (_key, label), count in zip(ROUTES, route_totals, strict=True)]
    return Report(
        slug="referrals",
        title=title,
        chart=bar_chart("chart-referrals", title, _("Referrals by route"), bars),
        summary=[_("Referrals in this period: %(count)s", count=total)],
        tables=[
            Table(
                _("Referrals by week and route"),
                [_("Week starting"), *(str(name) for _key, name in ROUTES), _("Total")],
                weeks,
            ),
            Table(
                _("Referrals by language"),
                [_("Language"), _("With an interpreter"), _("Without an interpreter"), _("Total")],
                _languages(scope),
            ),
        ],
    )


def shown(value: float | None) -> Cell:
    """A figure, or an empty cell when there was nothing to work it out from."""
    return "" if value is None else value


def wait_row(label: str, waits: counted.Waits, *, within: bool = True) -> list[Cell]:
    """How many waits ended, their median and 90th percentile, and the share ended within the
    promise (of all that began), or ended at all."""
    ended = sum(waits.days.values())
    return [
        label,
        ended if within else waits.total,
        shown(figures.histogram_median(waits.days)),
        shown(figures.histogram_percentile_90(waits.days)),
        shown(figures.share(waits.within_promise if within else ended, waits.total)),
    ]


def responsiveness_report(scope: Scope, now: datetime) -> Report:
    waits = counted.first_contact_waits(scope)
    attempts, talks = waits[counting.ATTEMPT], waits[counting.CONVERSATION]
    overdue, unable = queries.overdue_now(scope, now), counted.unable_to_contact(scope)
    title = _("Responsiveness")
    first_attempt, first_talk = _("First contact attempt"), _("First conversation")
    within = [figures.share(waits.within_promise, waits.total) or 0 for waits in (attempts, talks)]
    return Report(
        slug="responsiveness",
        title=title,
        chart=bar_chart(
            "chart-responsiveness",
            title,
            _("Share within the promised time (%)"),
            [Bar(first_attempt, within[0]), Bar(first_talk, within[1])],
        ),
        summary=[
            _("Referrals in this period: %(count)s", count=attempts.total),
            _("Overdue now: %(count)s", count=overdue),
            _("Closed as unable to contact: %(count)s", count=unable),
        ],
        tables=[
            Table(
                _("Working days from receipt"),
                [_("Step"), _("Referrals"), _("Median"), _("90th percentile"), _("Within the promise (%)")],
                [wait_row(first_attempt, attempts), wait_row(first_talk, talks)],
            ),
            Table(
                _("Now"),
                [_("Measure"), _("Referrals")],
                [[_("Overdue now"), overdue], [_("Unable to contact"), unable]],
            ),
        ],
    )
