"""The Outcomes report: ONS4 personal wellbeing at the start and at the latest follow-up.

A person counts once they have a baseline and a later score for a measure, the later one
recorded in the period. Their change is the latest score minus the first baseline; for anxiety
a lower score is better, so "improved" means it went down. Figures resting on fewer than 5
people are not shown.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.referrals.choices import label
from portal.reports import counted, figures
from portal.reports.access import Scope
from portal.reports.charts import Bar, bar_chart
from portal.reports.counted import Sums
from portal.reports.pages import Cell, Report, Table
from portal.triage.models import Ons4Question
from portal.triage.what_matters_forms import SHORT_QUESTIONS


def _mean(total: int, people: int) -> float:
    """As `statistics.mean` of the scores, whose sum this is: exact, then rounded."""
    return round(total / people, 1)


def _row(question: Ons4Question, sums: Sums) -> list[Cell]:
    name = label(SHORT_QUESTIONS, question.value)
    people = sums.people
    if people < figures.SMALLEST_SHOWN:
        return [name, figures.suppressed(people), "", "", "", ""]
    return [
        name,
        people,
        _mean(sums.before, people),
        _mean(sums.after, people),
        _mean(sums.after - sums.before, people),
        figures.share(sums.improved, people) or 0,
    ]


def outcomes_report(scope: Scope, _now: datetime) -> Report:
    sums = counted.outcome_sums(scope)
    rows = [_row(question, sums.get(question.value, Sums())) for question in Ons4Question]
    title = _("Outcomes")
    improved_label = _("Improved (%)")
    return Report(
        slug="outcomes",
        title=title,
        chart=bar_chart("chart-outcomes", title, improved_label, [Bar(str(row[0]), row[5] or 0) for row in rows]),
        summary=[_("Anxiety: a lower score is better.")],
        tables=[
            Table(
                _("Wellbeing (ONS4)"),
                [_("Measure"), _("People"), _("At the start"), _("Latest"), _("Mean change"), improved_label],
                rows,
            )
        ],
    )
