"""The reports' numbers, read from the daily counts for the days counted and from the live
tables for the rest (today, and any day the worker has not counted yet), added together.

A link worker's own caseload is always read live: it is a few hundred referrals, and who
holds a referral is not a dimension of the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.sql import ColumnElement

from portal.db import session
from portal.directory.models import Listing
from portal.reports import counting, models, people_counting, queries, search_queries
from portal.reports.access import Scope
from portal.reports.outcomes_pairs import first_and_latest, improved
from portal.reports.working_days import WorkingDays
from portal.triage import timing
from portal.triage.models import WellbeingStage


@dataclass(frozen=True)
class Split:
    counted: tuple[date, date] | None  # the first and last day read from the counts
    live: Scope | None  # the rest of the period, read from the live tables
    counted_through: date | None = None


def split(scope: Scope) -> Split:
    state = session.scalar(select(models.CountState.counted_through).where(models.CountState.id == counting.STATE_ID))
    if scope.holder_id is not None or state is None:
        return Split(None, scope, state)
    calendar = timing.calendar()
    first, last = calendar.local_date(scope.start), calendar.local_date(scope.end - timedelta(microseconds=1))
    if first > state:
        return Split(None, scope, state)
    counted = (first, min(last, state))
    if last <= state:
        return Split(counted, None, state)
    return Split(counted, replace(scope, start=counting.day_bounds(state + timedelta(days=1))[0]), state)


def _where(table: Any, scope: Scope, days: tuple[date, date]) -> list[ColumnElement[bool]]:
    """The rows of the scope's own breakdown (`models.DayScope`) in these days."""
    team = table.team_id.is_(None) if scope.team_id is None else table.team_id == scope.team_id
    area = table.outward_code.is_(None) if not scope.area else table.outward_code == scope.area
    breakdown = (
        (models.TEAM_AREA if scope.area else models.TEAM) if scope.team_id is not None
        else (models.AREA if scope.area else models.SCHEME)
    )  # fmt: skip
    return [table.breakdown == breakdown, team, area, table.day >= days[0], table.day <= days[1]]


def _sums(part: Split, scope: Scope, table: Any, *columns: Any, where: Iterable[Any] = ()) -> list[Any]:
    if part.counted is None:
        return []
    query: Select[Any] = (
        select(*columns, func.sum(table.count)).where(*_where(table, scope, part.counted), *where).group_by(*columns)
    )
    return list(session.execute(query))


def _total(part: Split, scope: Scope, table: Any, *where: Any) -> int:
    return sum(int(row[-1] or 0) for row in _sums(part, scope, table, where=where))


def route_days(scope: Scope) -> Counter[tuple[date, str]]:
    """Referrals received per day and route."""
    part = split(scope)
    counts: Counter[tuple[date, str]] = Counter()
    table = models.ReferralDayCount
    for day, route, count in _sums(part, scope, table, table.day, table.route):
        counts[day, route] += count
    if part.live is not None:
        calendar = timing.calendar()
        for submitted_at, kind, for_someone_else, source in queries.referral_routes(part.live):
            counts[calendar.local_date(submitted_at), counting.route_of(kind, for_someone_else, source)] += 1
    return counts


def languages(scope: Scope) -> list[tuple[str, bool, int]]:
    part = split(scope)
    table = models.ReferralDayCount
    found = [(language, bool(interpreter), int(count)) for language, interpreter, count
             in _sums(part, scope, table, table.language, table.interpreter)]  # fmt: skip
    return found + (queries.referral_languages(part.live) if part.live is not None else [])


def unable_to_contact(scope: Scope) -> int:
    part = split(scope)
    table = models.ReferralDayCount
    counted = _total(part, scope, table, table.unable_to_contact.is_(True))
    return counted + (queries.closed_unable_to_contact(part.live) if part.live is not None else 0)


@dataclass(frozen=True)
class Waits:
    """Working days from the start of a wait, as a histogram, for the waits that ended; how
    many ended within the promise; and how many waits began (ended or not)."""

    days: Counter[int]
    within_promise: int
    total: int


def _counted_waits(part: Split, scope: Scope, step: str) -> tuple[Counter[int], int]:
    table = models.WaitDayCount
    days: Counter[int] = Counter()
    within = 0
    for working_days, within_promise, count in _sums(
        part, scope, table, table.working_days, table.within_promise, where=[table.step == step]
    ):
        if working_days is not None:
            days[working_days] += count
            within += count if within_promise else 0
    return days, within


def first_contact_waits(scope: Scope) -> dict[str, Waits]:
    """The first contact attempt's and the first conversation's waits of the referrals received."""
    part = split(scope)
    table = models.ReferralDayCount
    total = _total(part, scope, table)
    waits = {step: _counted_waits(part, scope, step) for step in (counting.ATTEMPT, counting.CONVERSATION)}
    if part.live is not None:
        rows = queries.first_contacts(part.live)
        total += len(rows)
        for (_team, _area, step, days, within), count in counting.waits_of(rows, _working()).items():
            waits[step][0][days] += count
            waits[step] = (waits[step][0], waits[step][1] + (count if within else 0))
    return {step: Waits(days, within, total) for step, (days, within) in waits.items()}


def _working() -> WorkingDays:
    return WorkingDays(timing.calendar())


def group_answer_waits(scope: Scope) -> Waits:
    part = split(scope)
    table = models.WaitDayCount
    sent = _total(part, scope, table, table.step == counting.GROUP_ANSWER)
    days, _within = _counted_waits(part, scope, counting.GROUP_ANSWER)
    if part.live is not None:
        working = _working()
        answers = queries.group_answers(part.live)
        sent += len(answers)
        days.update(working.taken(at, answered) for at, answered in answers if answered is not None)
    return Waits(days, 0, sent)


def group_referral_outcomes(scope: Scope) -> list[tuple[str, str, int]]:
    part = split(scope)
    table = models.GroupReferralDayCount
    counts: Counter[tuple[str, str]] = Counter()
    if part.counted is not None:
        query = (
            select(Listing.name, table.status, func.sum(table.count))
            .join(Listing, Listing.id == table.listing_id)
            .where(*_where(table, scope, part.counted))
            .group_by(Listing.name, table.status)
        )
        for name, status, count in session.execute(query):
            counts[name, status] += count
    for name, status, count in queries.group_referral_outcomes(part.live) if part.live is not None else []:
        counts[name, status] += count
    return [(name, status, count) for (name, status), count in counts.items()]


def suggested_listings_count(scope: Scope) -> int:
    part = split(scope)
    table = models.EventDayCount
    counted = _total(part, scope, table, table.event == "suggested")
    return counted + (queries.suggested_listings_count(part.live) if part.live is not None else 0)


def closing_reasons(scope: Scope) -> list[tuple[str, int]]:
    part = split(scope)
    table = models.EventDayCount
    counts: Counter[str] = Counter()
    for reason, count in _sums(part, scope, table, table.reason, where=[table.event == "closed"]):
        counts[reason] += count
    for reason, count in queries.closing_reasons(part.live) if part.live is not None else []:
        counts[reason] += count
    return list(counts.items())


@dataclass
class Sums:
    """One ONS4 measure over the people compared: how many, the totals of their first and
    latest scores, and how many improved."""

    people: int = 0
    before: int = 0
    after: int = 0
    improved: int = 0

    def add(self, question: str, before: int, after: int, sign: int = 1) -> None:
        self.people += sign
        self.before += sign * before
        self.after += sign * after
        self.improved += sign * improved(question, before, after)


def _add_pairs(sums: dict[str, Sums], scores: Iterable[Any], sign: int = 1) -> dict[str, Sums]:
    for (_referral_id, question), (before, after) in first_and_latest(scores).items():
        sums.setdefault(question, Sums()).add(question, before, after, sign)
    return sums


def _counted_sums(part: Split, scope: Scope, days: tuple[date, date]) -> dict[str, Sums]:
    """A person counts on the first day of the period they had a later score."""
    table = models.OutcomeDay
    first_in_period = table.previous_day.is_(None) | (table.previous_day < days[0])
    query = (
        select(table.question, func.sum(table.people), func.sum(table.baseline), func.sum(table.latest),
               func.sum(table.improved))
        .where(*_where(table, scope, days), first_in_period)
        .group_by(table.question)
    )  # fmt: skip
    return {question: Sums(*(int(number) for number in numbers)) for question, *numbers in session.execute(query)}


def _members(scores: list[Any], start: datetime, end: datetime) -> set[int]:
    return {row[0] for row in scores if row[1] != WellbeingStage.BASELINE and start <= row[4] < end}


def outcome_sums(scope: Scope) -> dict[str, Sums]:
    """Per measure, the people with a later score recorded in the period.

    People scored since the counting are counted again from the live tables: what the counts
    hold of them (worked out from their scores before it) is taken away, and what their scores
    now say is added."""
    part = split(scope)
    if part.counted is None or part.counted_through is None:
        return _add_pairs({}, queries.wellbeing_scores(scope))
    sums = _counted_sums(part, scope, part.counted)
    since = counting.day_bounds(part.counted_through + timedelta(days=1))[0]
    scores = queries.scores_of(queries.scored_since(scope, since))
    if not scores:
        return sums
    before = [row for row in scores if row[4] < since]
    counted_members = _members(before, scope.start, min(scope.end, since))
    now_members = _members(scores, scope.start, scope.end)
    _add_pairs(sums, [row for row in before if row[0] in counted_members], -1)
    return _add_pairs(sums, [row for row in scores if row[0] in now_members])


def person_counts(scope: Scope, dimension: str) -> Counter[str]:
    """Referrals received in the period by one of `people_counting`'s dimensions."""
    part = split(scope)
    table = models.PersonDayCount
    counts: Counter[str] = Counter()
    for value, count in _sums(part, scope, table, table.value, where=[table.dimension == dimension]):
        counts[value] += count
    if part.live is not None:
        for (_team, _area, found, value), count in _live_people(part.live).items():
            if found == dimension:
                counts[value] += count
    return counts


def _live_people(scope: Scope) -> Counter[people_counting.PersonKey]:
    return people_counting.person_counts(session, queries._in_scope(scope))


def group_referral_outcomes_by_listing(scope: Scope) -> list[tuple[int, str, int]]:
    part = split(scope)
    table = models.GroupReferralDayCount
    counts: Counter[tuple[int, str]] = Counter()
    for listing_id, status, count in _sums(part, scope, table, table.listing_id, table.status):
        counts[listing_id, status] += count
    for listing_id, status, count in queries.group_referral_outcomes_by_listing(part.live) if part.live else []:
        counts[listing_id, status] += count
    return [(listing_id, status, count) for (listing_id, status), count in counts.items()]


def search_counts(scope: Scope) -> search_queries.SearchCounts:
    """The period's searches, one thing at a time (`models.SearchGroupDayCount`). The team and
    the caseload do not apply: searches belong to nobody."""
    part = split(replace(scope, team_id=None, holder_id=None))
    table = models.SearchGroupDayCount
    found: search_queries.Dimensioned = {}
    if part.counted is not None:
        query = (
            select(table.dimension, table.value, func.sum(table.searches), func.sum(table.found_little))
            .where(table.area == (scope.area or ""), table.day >= part.counted[0], table.day <= part.counted[1])
            .group_by(table.dimension, table.value)
        )
        found = {(dimension, value): [int(count), int(few)] for dimension, value, count, few in session.execute(query)}
    if part.live is not None:
        rows = search_queries.search_group_rows(session, part.live.start, part.live.end, scope.area)
        for key, (count, few) in search_queries.by_dimension(rows, kinds_in_area=not scope.area).items():
            sums = found.setdefault(key, [0, 0])
            sums[0], sums[1] = sums[0] + count, sums[1] + few
    return search_queries.search_counts(found, scope.area)


def follow_up_answers(scope: Scope) -> list[tuple[str | None, str | None, int]]:
    """ "Did you go?" messages sent in the period, by answer and how it came."""
    part = split(scope)
    table = models.FollowUpDayCount
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for answer, answered_by, count in _sums(part, scope, table, table.answer, table.answered_by):
        counts[answer or None, answered_by or None] += count
    for answer, answered_by, count in queries.follow_up_answers(part.live) if part.live is not None else []:
        counts[answer, answered_by] += count
    return [(answer, answered_by, count) for (answer, answered_by), count in counts.items()]
