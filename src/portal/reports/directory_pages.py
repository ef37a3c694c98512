"""The reports about the groups: where people went (group referrals and their outcomes, the
closing reasons) and the directory's health (checked, stale and hidden listings, problem
reports, how fast groups answer)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.directory.categories import current_categories
from portal.directory.formatting import STALE_AFTER_DAYS
from portal.directory.models import ListingStatus
from portal.followups.models import Answer, AnsweredBy
from portal.followups.pages import IN_THEIR_OWN_WORDS, PERSON_SAID
from portal.organisations.models import GroupReferralStatus as Status
from portal.organisations.wording import state_label
from portal.referrals.choices import label
from portal.reports import counted, figures, queries
from portal.reports.access import Scope
from portal.reports.charts import Bar, bar_chart
from portal.reports.pages import Cell, Report, Table, shown, wait_row
from portal.triage.forms import CLOSING_REASONS

OUTCOMES = (Status.SENT, Status.ACCEPTED, Status.DECLINED, Status.ATTENDED, Status.DID_NOT_ATTEND, Status.CANCELLED)


def _outcome_rows(scope: Scope) -> list[list[Cell]]:
    by_group: dict[str, dict[str, int]] = defaultdict(dict)
    for name, status, count in counted.group_referral_outcomes(scope):
        by_group[name][status] = count
    ordered = sorted(by_group.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return [[name, *(counts.get(status, 0) for status in OUTCOMES), sum(counts.values())] for name, counts in ordered]


def _kind_rows(scope: Scope) -> list[list[Cell]]:
    """The group referrals per kind of activity: a group of several kinds counts under each."""
    outcomes = counted.group_referral_outcomes_by_listing(scope)
    kinds_of = queries.listing_categories({listing_id for listing_id, _status, _count in outcomes})
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for listing_id, status, count in outcomes:
        for code in kinds_of.get(listing_id) or [""]:
            by_kind[code][status] += count
    vocabulary, locale = current_categories(), str(get_locale() or "en")
    rows = [
        [vocabulary.label(code, locale) if code else _("No kind given"), *(counts[status] for status in OUTCOMES)]
        for code, counts in by_kind.items()
    ]
    rows = [[*row, sum(int(cell) for cell in row[1:])] for row in rows]
    return sorted(rows, key=lambda row: (-int(row[-1]), str(row[0])))


def _attended_rows(kind_rows: list[list[Cell]]) -> list[list[Cell]]:
    """Came along against did not come, per kind, from `_kind_rows`."""
    came, missed = (OUTCOMES.index(status) + 1 for status in (Status.ATTENDED, Status.DID_NOT_ATTEND))
    return [
        [row[0], row[came], row[missed], shown(figures.share(int(row[came]), int(row[came]) + int(row[missed])))]
        for row in kind_rows
        if int(row[came]) + int(row[missed])
    ]


def _follow_up_rows(scope: Scope) -> list[list[Cell]]:
    counts: Counter[str] = Counter()
    for answer, answered_by, count in counted.follow_up_answers(scope):
        if answer is not None:
            counts[str(PERSON_SAID[Answer(answer)])] += count
        elif answered_by == AnsweredBy.TEXT_IN_WORDS:
            counts[str(IN_THEIR_OWN_WORDS)] += count
        else:
            counts[_("No answer yet")] += count
    order = [*(str(label) for label in PERSON_SAID.values()), str(IN_THEIR_OWN_WORDS), _("No answer yet")]
    return [[name, counts[name]] for name in order] if counts else []


def where_people_went_report(scope: Scope, _now: datetime) -> Report:
    groups = _outcome_rows(scope)
    kinds = _kind_rows(scope)
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
            _("A group of more than one kind of activity counts under each kind."),
        ],
        tables=[
            Table(
                _("Referrals to groups"),
                [_("Group"), *(state_label(status) for status in OUTCOMES), _("Total")],
                groups,
            ),
            Table(
                _("Referrals to groups by kind of activity"),
                [_("Kind of activity"), *(state_label(status) for status in OUTCOMES), _("Total")],
                kinds,
            ),
            Table(
                _("Came along or not, by kind of activity"),
                [
                    _("Kind of activity"),
                    state_label(Status.ATTENDED),
                    state_label(Status.DID_NOT_ATTEND),
                    _("Came along (%)"),
                ],
                _attended_rows(kinds),
            ),
            Table(_("Answers to “Did you go?”"), [_("Answer"), _("Messages")], _follow_up_rows(scope)),
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
