"""The Outcomes report: ONS4 personal wellbeing at the start and at the latest follow-up.

A person counts once they have a baseline and a later score for a measure, the later one
recorded in the period. Their change is the latest score minus the first baseline; for anxiety
a lower score is better, so "improved" means it went down. Figures resting on fewer than 5
people are not shown.
"""

from __future__ import annotations

from datetime import datetime
from statistics import mean

from flask_babel import gettext as _

from portal.referrals.choices import label
from portal.reports import figures, queries
from portal.reports.access import Scope
from portal.reports.charts import Bar, bar_chart
from portal.reports.pages import Cell, Report, Table
from portal.triage.models import Ons4Question, WellbeingStage
from portal.triage.what_matters_forms import SHORT_QUESTIONS


def _pairs(scope: Scope) -> dict[str, list[tuple[int, int]]]:
    """Per measure: (baseline, latest later score) for each person."""
    first: dict[tuple[int, str], tuple[datetime, int]] = {}
    last: dict[tuple[int, str], tuple[datetime, int]] = {}
    for referral_id, stage, question, score, recorded_at in queries.wellbeing_scores(scope):
        key = (referral_id, question)
        if stage == WellbeingStage.BASELINE:
            if key not in first or recorded_at < first[key][0]:
                first[key] = (recorded_at, score)
        elif key not in last or recorded_at > last[key][0]:
            last[key] = (recorded_at, score)
    pairs: dict[str, list[tuple[int, int]]] = {question.value: [] for question in Ons4Question}
    for key in sorted(first.keys() & last.keys()):
        pairs[key[1]].append((first[key][1], last[key][1]))
    return pairs


def _mean(values: list[int]) -> float:
    return round(float(mean(values)), 1)


def _row(question: Ons4Question, pairs: list[tuple[int, int]]) -> list[Cell]:
    name = label(SHORT_QUESTIONS, question.value)
    if len(pairs) < figures.SMALLEST_SHOWN:
        return [name, figures.suppressed(len(pairs)), "", "", "", ""]
    sign = 1 if question.higher_is_better else -1
    improved = sum(1 for before, after in pairs if sign * (after - before) > 0)
    return [
        name,
        len(pairs),
        _mean([before for before, _after in pairs]),
        _mean([after for _before, after in pairs]),
        _mean([after - before for before, after in pairs]),
        figures.share(improved, len(pairs)) or 0,
    ]


def outcomes_report(scope: Scope, _now: datetime) -> Report:
    pairs = _pairs(scope)
    rows = [_row(question, pairs[question.value]) for question in Ons4Question]
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
