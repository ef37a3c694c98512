"""Making the daily counts (`models`) from the live tables, a day at a time.

The worker brings them up to date every few minutes (`count_up_to_date`): it counts each
whole day not counted yet, and counts again every day a change since its last look touched (a
referral changed, a contact attempt, a suggestion, a score or a group's answer added). A day
is counted once it ended `SETTLE` ago, so a search kept in a web process's buffer for a few
seconds, or a referral being committed at midnight, is in its day's count. `flask reports
count` counts any days again. Counting a day replaces its rows: running twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from portal.directory.models import SearchRecord
from portal.followups.models import FollowUp
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.reports import models, people_counting, queries, search_counting, search_queries
from portal.reports.outcomes_pairs import first_and_latest, improved
from portal.reports.working_days import WorkingDays
from portal.teams.models import Team
from portal.triage import timing
from portal.triage.models import Assessment, ContactAttempt, SuggestedListing, WellbeingScore, WellbeingStage
from portal.triage.timing import ItemType

SETTLE = timedelta(minutes=10)
BATCH = 500
DAY_TABLES: tuple[Any, ...] = (
    models.ReferralDayCount,
    models.WaitDayCount,
    models.GroupReferralDayCount,
    models.EventDayCount,
    models.OutcomeDay,
    models.SearchDayCount,
    models.PersonDayCount,
    models.SearchGroupDayCount,
    models.FollowUpDayCount,
)
ATTEMPT, CONVERSATION, GROUP_ANSWER = "attempt", "conversation", "group_answer"


def route_of(kind: str, for_someone_else: bool, source: str) -> str:
    """Self-referral, call back, on someone's behalf, or entered by staff."""
    if source != "web":
        return "staff"
    return "behalf" if for_someone_else else kind


def promise_of(kind: str, possible_spam: bool, team_promise: int | None) -> int:
    return timing.time_limit(ItemType.POSSIBLE_SPAM if possible_spam else ItemType(kind), team_promise)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timing.calendar().zone
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def last_whole_day(now: datetime) -> date:
    return timing.calendar().local_date(now - SETTLE) - timedelta(days=1)


def _referral_rows(db: Session, start: datetime, end: datetime) -> Sequence[Any]:
    query = (
        select(
            Referral.team_id, Referral.outward_code, Referral.kind, Referral.for_someone_else, Referral.source,
            Referral.language, Referral.interpreter_needed, Referral.closing_reason, Referral.possible_spam,
            Team.first_contact_working_days, Referral.submitted_at,
            queries.first_attempt_at(Referral.id, spoke=False).label("attempted_at"),
            queries.first_attempt_at(Referral.id, spoke=True).label("spoke_at"),
        )
        .outerjoin(Team, Team.id == Referral.team_id)
        .where(Referral.submitted_at >= start, Referral.submitted_at < end)
    )  # fmt: skip
    return db.execute(query).all()


def waits_of(rows: Sequence[Any], working: WorkingDays) -> Counter[tuple[Any, ...]]:
    """(team, area, step, working days, within the promise) for each referral's two waits."""
    waits: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        promise = promise_of(row.kind, row.possible_spam, row.first_contact_working_days)
        for step, reached in ((ATTEMPT, row.attempted_at), (CONVERSATION, row.spoke_at)):
            if reached is not None:
                days = working.taken(row.submitted_at, reached)
                waits[row.team_id, row.outward_code, step, days, days <= promise] += 1
    return waits


def _referral_counts(rows: Sequence[Any]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        route = route_of(row.kind, row.for_someone_else, row.source)
        unable = row.closing_reason == "unable_to_contact"
        counts[row.team_id, row.outward_code, route, row.language, bool(row.interpreter_needed), unable] += 1
    return counts


def _group_answers(db: Session, start: datetime, end: datetime, working: WorkingDays) -> Counter[tuple[Any, ...]]:
    query = (
        select(Referral.team_id, Referral.outward_code, GroupReferral.created_at, GroupReferral.answered_at)
        .select_from(GroupReferral)
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .where(GroupReferral.created_at >= start, GroupReferral.created_at < end)
    )
    waits: Counter[tuple[Any, ...]] = Counter()
    for team_id, area, sent, answered in db.execute(query):
        days = None if answered is None else working.taken(sent, answered)
        waits[team_id, area, GROUP_ANSWER, days, False] += 1
    return waits


def grouped(db: Session, columns: Sequence[Any], moment: Any, start: datetime, end: datetime, *where: Any) -> Any:
    query = select(*columns, func.count()).where(moment >= start, moment < end, *where).group_by(*columns)
    return db.execute(query).all()


def _group_referral_counts(db: Session, start: datetime, end: datetime) -> Any:
    columns = (Referral.team_id, Referral.outward_code, GroupReferral.listing_id, GroupReferral.status)
    query = (
        select(*columns, func.count())
        .select_from(GroupReferral)
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .where(GroupReferral.created_at >= start, GroupReferral.created_at < end)
        .group_by(*columns)
    )
    return db.execute(query).all()


def _event_counts(db: Session, start: datetime, end: datetime) -> list[tuple[Any, ...]]:
    suggested = (
        select(Referral.team_id, Referral.outward_code, func.count())
        .select_from(SuggestedListing)
        .join(Referral, Referral.id == SuggestedListing.referral_id)
        .where(SuggestedListing.suggested_at >= start, SuggestedListing.suggested_at < end)
        .group_by(Referral.team_id, Referral.outward_code)
    )
    closed = grouped(
        db, (Referral.team_id, Referral.outward_code, Referral.closing_reason), Referral.closed_at, start, end,
        Referral.closing_reason.is_not(None),
    )  # fmt: skip
    return [
        *((team, area, "suggested", "", count) for team, area, count in db.execute(suggested)),
        *((team, area, "closed", reason, count) for team, area, reason, count in closed),
    ]


def _follow_up_counts(db: Session, start: datetime, end: datetime) -> list[tuple[Any, ...]]:
    columns = (Referral.team_id, Referral.outward_code, FollowUp.answer, FollowUp.answered_by)
    query = (
        select(*columns, func.count())
        .select_from(FollowUp)
        .join(Referral, Referral.id == FollowUp.referral_id)
        .where(FollowUp.sent_at >= start, FollowUp.sent_at < end)
        .group_by(*columns)
    )
    return [(team, area, answer or "", answered_by or "", count) for team, area, answer, answered_by, count
            in db.execute(query)]  # fmt: skip


def _scores_of(db: Session, referral_ids: Sequence[int]) -> list[Any]:
    """(referral id, stage, measure, score, recorded at) of every score of these referrals."""
    found: list[Any] = []
    for first in range(0, len(referral_ids), BATCH):
        query = select(
            WellbeingScore.referral_id, WellbeingScore.stage, WellbeingScore.question,
            WellbeingScore.score, WellbeingScore.recorded_at,
        ).where(WellbeingScore.referral_id.in_(referral_ids[first : first + BATCH]))  # fmt: skip
        found += db.execute(query).all()
    return found


def _outcome_counts(db: Session, day: date, start: datetime, end: datetime) -> dict[tuple[Any, ...], list[int]]:
    """(team, area, previous later-score day, measure): people, baseline and latest sums, improved."""
    query = (
        select(WellbeingScore.referral_id, Referral.team_id, Referral.outward_code)
        .join(Referral, Referral.id == WellbeingScore.referral_id)
        .where(
            WellbeingScore.stage != WellbeingStage.BASELINE,
            WellbeingScore.recorded_at >= start,
            WellbeingScore.recorded_at < end,
        )
        .distinct()
    )
    people = {referral_id: (team, area) for referral_id, team, area in db.execute(query)}
    scores = _scores_of(db, sorted(people))
    calendar = timing.calendar()
    previous: dict[int, date] = {}
    for referral_id, stage, _question, _score, recorded_at in scores:
        later_day = calendar.local_date(recorded_at)
        if stage != WellbeingStage.BASELINE and later_day < day and later_day > previous.get(referral_id, date.min):
            previous[referral_id] = later_day
    sums: dict[tuple[Any, ...], list[int]] = {}
    for (referral_id, question), (before, after) in first_and_latest(scores).items():
        team, area = people[referral_id]
        row = sums.setdefault((team, area, previous.get(referral_id), question), [0, 0, 0, 0])
        for index, value in enumerate((1, before, after, improved(question, before, after))):
            row[index] += value
    return sums


def _levels(counted: Iterable[tuple[tuple[Any, ...], Any]]) -> dict[tuple[Any, ...], list[int]]:
    """Counts keyed (team, area, ...) at every breakdown, keyed (breakdown, team, area, ...)."""
    levels: dict[tuple[Any, ...], list[int]] = {}
    for (team, area, *rest), values in counted:
        numbers = list(values) if isinstance(values, list | tuple) else [values]
        for key in (
            (models.SCHEME, None, None, *rest),
            (models.TEAM, team, None, *rest),
            (models.AREA, None, area, *rest),
            (models.TEAM_AREA, team, area, *rest),
        ):
            total = levels.setdefault(key, [0] * len(numbers))
            for index, number in enumerate(numbers):
                total[index] += number
    return levels


LEVEL = ("breakdown", "team_id", "outward_code")


def count_day(db: Session, day: date, working: WorkingDays) -> None:
    """Replace the day's rows in every day table with counts from the live tables."""
    start, end = day_bounds(day)
    for table in DAY_TABLES:
        db.execute(delete(table).where(table.day == day))
    rows = _referral_rows(db, start, end)
    referral_keys = (*LEVEL, "route", "language", "interpreter", "unable_to_contact")
    _insert(db, models.ReferralDayCount, day, referral_keys, ("count",), _levels(_referral_counts(rows).items()))
    waits = waits_of(rows, working) + _group_answers(db, start, end, working)
    wait_keys = (*LEVEL, "step", "working_days", "within_promise")
    _insert(db, models.WaitDayCount, day, wait_keys, ("count",), _levels(waits.items()))
    groups = ((tuple(row[:-1]), row[-1]) for row in _group_referral_counts(db, start, end))
    _insert(db, models.GroupReferralDayCount, day, (*LEVEL, "listing_id", "status"), ("count",), _levels(groups))
    events = ((tuple(row[:-1]), row[-1]) for row in _event_counts(db, start, end))
    _insert(db, models.EventDayCount, day, (*LEVEL, "event", "reason"), ("count",), _levels(events))
    outcomes = _levels(_outcome_counts(db, day, start, end).items())
    _insert(db, models.OutcomeDay, day, (*LEVEL, "previous_day", "question"),
            ("people", "baseline", "latest", "improved"), outcomes)  # fmt: skip
    searches = {key: [count] for key, count in search_counting.search_counts(db, start, end).items()}
    _insert(db, models.SearchDayCount, day, ("dimension", "value", "result_band"), ("count",), searches)
    follow_ups = ((tuple(row[:-1]), row[-1]) for row in _follow_up_counts(db, start, end))
    _insert(db, models.FollowUpDayCount, day, (*LEVEL, "answer", "answered_by"), ("count",), _levels(follow_ups))
    received = [Referral.submitted_at >= start, Referral.submitted_at < end]
    people = ((key, count) for key, count in people_counting.person_counts(db, received).items())
    _insert(db, models.PersonDayCount, day, (*LEVEL, "dimension", "value"), ("count",), _levels(people))
    search_groups = _search_group_counts(db, start, end)
    group_keys, group_sums = ("area", "dimension", "value"), ("searches", "found_little")
    _insert(db, models.SearchGroupDayCount, day, group_keys, group_sums, search_groups)


def _search_group_counts(db: Session, start: datetime, end: datetime) -> dict[tuple[Any, ...], list[int]]:
    """(area, dimension, value): searches and found little, for the scheme (area "") and each area."""
    rows = search_queries.search_group_rows(db, start, end)
    by_area: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        if row[3]:
            by_area.setdefault(row[3], []).append(row)
    counts = {("", *key): sums for key, sums in search_queries.by_dimension(rows).items()}
    for area, rows_in_area in by_area.items():
        counted = search_queries.by_dimension(rows_in_area, kinds_in_area=False)
        counts.update({(area, *key): sums for key, sums in counted.items()})
    return counts


def _insert(db: Session, table: Any, day: date, keys: Sequence[str], values: Sequence[str],
            counted: dict[tuple[Any, ...], list[int]]) -> None:  # fmt: skip
    rows = [
        {"day": day, **dict(zip(keys, key, strict=True)), **dict(zip(values, numbers, strict=True))}
        for key, numbers in counted.items()
    ]
    if rows:  # Core's executemany: the ORM's bulk insert sends a statement a row on SQLite
        db.connection().execute(insert(table.__table__), rows)


STATE_ID = 1  # one row: a second counter waits for the first (PostgreSQL) or fails to add it


def state_of(db: Session) -> models.CountState:
    """The counts' state, locked until the counting commits, so two never count at once."""
    state = db.scalar(select(models.CountState).where(models.CountState.id == STATE_ID).with_for_update())
    if state is None:
        state = models.CountState(id=STATE_ID, last_attempt_id=0, last_suggestion_id=0, last_score_id=0)
        db.add(state)
        db.flush()
    return state


def forget(db: Session) -> None:
    """Every count removed, to count everything again."""
    state = state_of(db)
    for table in DAY_TABLES:
        db.execute(delete(table))
    state.counted_through, state.checked_at = None, None
    state.last_attempt_id = state.last_suggestion_id = state.last_score_id = 0
    db.flush()


def _last_ids(db: Session) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.scalar(select(func.coalesce(func.max(table.id), 0))) or 0
        for table in (ContactAttempt, SuggestedListing, WellbeingScore)
    )


def recount(db: Session, first: date, last: date, now: datetime) -> int:
    """Count every day from `first` to `last` again (`flask reports count --from --to`)."""
    state_of(db)
    working = WorkingDays(timing.calendar())
    last = min(last, last_whole_day(now))
    days = [first + timedelta(days=number) for number in range((last - first).days + 1)]
    for day in days:
        count_day(db, day, working)
    return len(days)


def _local_days(moments: Iterable[datetime | None]) -> set[date]:
    calendar = timing.calendar()
    return {calendar.local_date(moment) for moment in moments if moment is not None}


def _touched_referrals(db: Session, state: models.CountState, since: datetime) -> set[int]:
    touched = set(db.scalars(select(Referral.id).where(Referral.updated_at >= since)))
    touched |= set(db.scalars(select(GroupReferral.referral_id).where(GroupReferral.updated_at >= since)))
    touched |= set(db.scalars(select(Assessment.referral_id).where(Assessment.updated_at >= since)))
    for moment in (FollowUp.sent_at, FollowUp.answered_at):
        touched |= set(db.scalars(select(FollowUp.referral_id).where(moment >= since)))
    for table, last_id in (
        (ContactAttempt, state.last_attempt_id),
        (SuggestedListing, state.last_suggestion_id),
        (WellbeingScore, state.last_score_id),
    ):
        touched |= set(db.scalars(select(table.referral_id).where(table.id > last_id)))
    return touched


def _days_of(db: Session, referral_ids: Sequence[int]) -> set[date]:
    """Every day whose counts one of these referrals is in."""
    days: set[date] = set()
    for first in range(0, len(referral_ids), BATCH):
        batch = referral_ids[first : first + BATCH]
        for row in db.execute(select(Referral.submitted_at, Referral.closed_at).where(Referral.id.in_(batch))):
            days |= _local_days(row)
        for moment, referral in (
            (GroupReferral.created_at, GroupReferral.referral_id),
            (SuggestedListing.suggested_at, SuggestedListing.referral_id),
            (WellbeingScore.recorded_at, WellbeingScore.referral_id),
            (FollowUp.sent_at, FollowUp.referral_id),
        ):
            days |= _local_days(db.scalars(select(moment).where(referral.in_(batch))))
    return days


def count_up_to_date(db: Session, now: datetime) -> str:
    """The worker's job: the days not counted yet, and the counted days changed since."""
    state = state_of(db)
    last = last_whole_day(now)
    through = state.counted_through
    since = (state.checked_at or now) - SETTLE
    ids = _last_ids(db)
    days: set[date] = set()
    touched: set[int] = set()
    if through is not None:
        teams_changed = db.scalar(select(func.count()).where(Team.updated_at >= since)) or 0
        first_counted = db.scalar(select(func.min(models.ReferralDayCount.day))) or through
        touched = _touched_referrals(db, state, since)
        days = {day for day in _days_of(db, sorted(touched)) if day <= through}
        if teams_changed:
            days |= {first_counted + timedelta(days=n) for n in range((through - first_counted).days + 1)}
    first_new = _first_day(db) if through is None else through + timedelta(days=1)
    new_days = [first_new + timedelta(days=n) for n in range((last - first_new).days + 1)] if first_new else []
    working = WorkingDays(timing.calendar())
    for day in sorted(days | set(new_days)):
        count_day(db, day, working)
    state.counted_through = max(last, through) if through else (last if new_days else None)
    state.checked_at = now
    state.last_attempt_id, state.last_suggestion_id, state.last_score_id = ids
    db.flush()
    return f"counted {len(new_days)} new days and {len(days)} changed days"


def _first_day(db: Session) -> date | None:
    """The first day anything was recorded: counting starts there."""
    firsts = [
        db.scalar(select(func.min(moment)))
        for moment in (Referral.submitted_at, SearchRecord.created_at, GroupReferral.created_at)
    ]
    found = [moment for moment in firsts if moment is not None]
    return timing.calendar().local_date(min(found)) if found else None
