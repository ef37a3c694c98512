"""The reports about people: Needs (what matters to them, from the journeys and the
assessments) and Who we reach (age, gender, ethnic group, area, deprivation).

Who we reach counts the referrals received in the period. Gender and ethnic group are counted
where people chose to answer the optional questions after sending; every count of 1 to 4 in
these breakdowns is suppressed.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from flask_babel import gettext as _
from wtforms import SelectChoice

from portal.data_protection.sources import AGE_BANDS
from portal.referrals import choices
from portal.referrals.choices import label
from portal.reports import counted, figures, people_counting, people_queries
from portal.reports.access import Scope
from portal.reports.charts import bar_chart
from portal.reports.pages import Cell, Report, Table, bars, count_rows
from portal.reports.people_counting import BARRIER_CODES, NEED_CODES
from portal.triage.what_matters_forms import BARRIERS


def need_rows(counts: Counter[str]) -> list[list[Cell]]:
    """Each need asked for, most asked first, with its share of the referrals counted."""
    ordered = sorted(NEED_CODES, key=lambda code: (-counts[code], NEED_CODES.index(code)))
    return [
        [label(choices.NEEDS, code), counts[code], figures.share(counts[code], counts[""]) or 0]
        for code in ordered
        if counts[code]
    ]


def needs_report(scope: Scope, _now: datetime) -> Report:
    needs = counted.person_counts(scope, people_counting.NEED)
    barriers = counted.person_counts(scope, people_counting.BARRIER)
    need_table = need_rows(needs)
    barrier_rows: list[list[Cell]] = [
        [label(BARRIERS, code), barriers[code]]
        for code in sorted(BARRIER_CODES, key=lambda code: (-barriers[code], BARRIER_CODES.index(code)))
        if barriers[code]
    ]
    title = _("Needs")
    return Report(
        slug="needs",
        title=title,
        chart=bar_chart("chart-needs", title, _("What people asked for help with"), bars(need_table)),
        summary=[
            _("Referrals in this period: %(count)s", count=needs[""]),
            _("Assessments of these referrals: %(count)s", count=barriers[""]),
            _("A referral may ask for help with more than one thing."),
        ],
        tables=[
            Table(_("What people asked for help with"), [_("Help with"), _("Referrals"), _("Share (%)")], need_table),
            Table(
                _("What could get in the way, from the assessments"),
                [_("What could get in the way"), _("Assessments")],
                barrier_rows,
            ),
        ],
    )


def _age_label(band: str | None) -> str:
    if band is None:
        return str(_("Not known"))
    if band == "under_18":
        return str(_("Under 18"))
    if band == "75_and_over":
        return str(_("75 and over"))
    low, high = band.split("_")
    return str(_("%(low)s to %(high)s", low=low, high=high))


def _age_rows(scope: Scope) -> tuple[list[list[Cell]], int]:
    """The age bands, and how many referrals were counted."""
    counts = counted.person_counts(scope, people_counting.AGE)
    order = [band for _below, band in AGE_BANDS] + ["75_and_over", None]
    rows = [(_age_label(band), counts[band or ""]) for band in order]
    return count_rows(rows, suppress=True), sum(counts.values())


def _answered_rows(scope: Scope, column: str, offered: list[SelectChoice]) -> list[list[Cell]]:
    counts = counted.person_counts(scope, column)
    answers = [(str(choice.label), counts[str(choice.value)]) for choice in offered]
    return count_rows([*answers, (_("Not answered"), counts[""])], suppress=True)


def _area_rows(scope: Scope) -> list[list[Cell]]:
    counts = counted.person_counts(scope, people_counting.AREA)
    ordered = sorted(counts.items(), key=lambda item: (item[0] == "", -item[1], item[0]))
    return count_rows([(code or _("Not known"), count) for code, count in ordered], suppress=True)


def _decile_rows(scope: Scope) -> list[list[Cell]]:
    counts = counted.person_counts(scope, people_counting.DECILE)
    deciles = [(_("%(decile)s (most deprived)", decile=1), counts["1"])]
    deciles += [(str(decile), counts[str(decile)]) for decile in range(2, 10)]
    deciles += [(_("%(decile)s (least deprived)", decile=10), counts["10"]), (_("Not known"), counts[""])]
    return count_rows(deciles, suppress=True)


def reach_report(scope: Scope, _now: datetime) -> Report:
    ages, total = _age_rows(scope)
    deciles_loaded = people_queries.deciles_loaded()
    title = _("Who we reach")
    tables = [
        Table(_("Age"), [_("Age band"), _("Referrals")], ages),
        Table(
            _("Gender"), [_("Gender"), _("Referrals")], _answered_rows(scope, people_counting.GENDER, choices.GENDERS)
        ),
        Table(
            _("Ethnic group"),
            [_("Ethnic group"), _("Referrals")],
            _answered_rows(scope, people_counting.ETHNIC_GROUP, choices.ETHNIC_GROUPS),
        ),
        Table(_("Area"), [_("Outward code"), _("Referrals")], _area_rows(scope)),
    ]
    if deciles_loaded:
        tables.append(Table(_("Deprivation decile"), [_("Decile"), _("Referrals")], _decile_rows(scope)))
    summary = [
        _("Referrals in this period: %(count)s", count=total),
        _("Gender and ethnic group: the optional questions people may answer after sending a referral."),
    ]
    if not deciles_loaded:
        summary.append(_("No deprivation deciles: load a postcode file with an IMD decile column to count them."))
    return Report(
        slug="who-we-reach",
        title=title,
        chart=bar_chart("chart-who-we-reach", title, _("Referrals by age band"), bars(ages)),
        summary=summary,
        tables=tables,
    )
