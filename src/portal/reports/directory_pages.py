"""The reports about the groups: where people went (group referrals and their outcomes, the
closing reasons) and the directory's health (checked, stale and hidden listings, problem
reports, how fast groups answer)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import gettext as _

from portal.directory.formatting import STALE_AFTER_DAYS
from portal.directory.models import ListingStatus
from portal.organisations.records import GroupReferralStatus as Status
from portal.organisations.wording import state_label
from portal.reports import counted, queries
from portal.reports.access import Scope
from portal.reports.charts import Bar, bar_chart
from portal.reports.pages import Cell, Report, Table, wait_row
from portal.triage.forms import CLOSING_REASONS, label

OUTCOMES = (Status.SENT, Status.ACCEPTED, Status.DECLINED, Status.ATTENDED, Status.DID_NOT_ATTEND, Status.CANCELLED)


def _outcome_rows(scope: Scope) -> list[list[Cell]]:
    by_group: dict[str, dict[str, int]] = defaultdict(dict)
    for name, status, count in counted.group_referral_outcomes(scope):
        by_group[name][status] = count
    ordered = sorted(by_group.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return [[name, *(counts.get(status, 0) for status in OUTCOMES), sum(counts.values())] for name, counts in ordered]


def where_people_went_report(scope: Scope, _now: datetime) -> Report:
    groups = _outcome_rows(scope)
    reasons = sorted(counted.closing_reasons(scope), key=lambda item: (-item[1], item[0]))
    reason_rows: list[list[Cell]] = [[label(CLOSING_REASONS, reason), count] for reason, count in reasons]
    title = _("Where people went")
    totals = [sum(int(row[index + 1]) for row in groups) for index in range(len(OUTCOMES))]
    return Report(
        slug="where-people-went",
        title=title,
        chart=bar_chart(
            "chart-where-people-went",
            title,
            _("Referrals to groups"),
            [Bar(state_label(status), count) for status, count in zip(OUTCOMES, totals, strict=True)],
        ),
        summary=[
            _("Referrals to groups: %(count)s", count=sum(totals)),
            _("Suggested listings: %(count)s", count=counted.suggested_listings_count(scope)),
        ],
        tables=[
            Table(
                _("Referrals to groups"),
                [_("Group"), *(state_label(status) for status in OUTCOMES), _("Total")],
                groups,
            ),
            Table(_("Closing reason"), [_("Closing reason"), _("Referrals")], reason_rows),
        ],
    )


def _group_answer_row(scope: Scope) -> list[Cell]:
    return wait_row(_("Groups' answers to referrals"), counted.group_answer_waits(scope), within=False)


def directory_health_report(scope: Scope, now: datetime) -> Report:
    statuses = queries.listings_by_status()
    active = statuses.get(ListingStatus.ACTIVE, 0)
    six = queries.listings_checked_since(now - timedelta(days=STALE_AFTER_DAYS))
    twelve = queries.listings_checked_since(now - timedelta(days=365))
    hidden = statuses.get(ListingStatus.PAUSED, 0) + statuses.get(ListingStatus.CLOSED, 0)
    problems = queries.open_problem_reports()
    measures: list[tuple[str, int]] = [
        (_("Checked in the last 6 months"), six),
        (_("Checked in the last 12 months"), twelve),
        (_("Not checked for 6 months"), active - six),
        (_("Paused or closed"), hidden),
        (_("Open problem reports"), problems),
    ]
    title = _("Directory health")
    return Report(
        slug="directory-health",
        title=title,
        chart=bar_chart("chart-directory-health", title, _("Listings"), [Bar(name, count) for name, count in measures]),
        summary=[_("Listings running as usual: %(count)s", count=active)],
        tables=[
            Table(_("Listings"), [_("Measure"), _("Listings")], [[name, count] for name, count in measures]),
            Table(
                _("Groups' answers to referrals"),
                [_("Step"), _("Referrals"), _("Median"), _("90th percentile"), _("Answered (%)")],
                [_group_answer_row(scope)],
            ),
        ],
    )
