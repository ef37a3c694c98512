"""Reads for the reports: each returns counts or the few timestamps a figure needs, never a
person's details."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql import ColumnElement

from portal.db import session
from portal.directory.models import Listing, ListingStatus
from portal.followups.models import FollowUp
from portal.organisations.models import GroupReferral, ProblemReport
from portal.referrals.models import Referral, ReferralStatus
from portal.reports.access import Scope
from portal.teams.models import Team
from portal.triage.models import (
    ClosingReason,
    ContactAttempt,
    ContactOutcome,
    SuggestedListing,
    WellbeingScore,
    WellbeingStage,
)


def _in_scope(scope: Scope, *, by_submission: bool = True) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if by_submission:
        conditions += [Referral.submitted_at >= scope.start, Referral.submitted_at < scope.end]
    if scope.team_id is not None:
        conditions.append(Referral.team_id == scope.team_id)
    if scope.area:
        conditions.append(Referral.outward_code == scope.area)
    if scope.holder_id is not None:
        conditions.append(Referral.holder_id == scope.holder_id)
    return conditions


def teams_offered() -> list[tuple[str, str]]:
    return [(slug, name) for slug, name in session.execute(select(Team.slug, Team.name).order_by(Team.name))]


def team_id_of(slug: str) -> int | None:
    return session.scalar(select(Team.id).where(Team.slug == slug)) if slug else None


def referral_routes(scope: Scope) -> list[tuple[datetime, str, bool, str]]:
    """When each referral came, its kind, whether for someone else, and its source."""
    query = select(Referral.submitted_at, Referral.kind, Referral.for_someone_else, Referral.source)
    return [tuple(row) for row in session.execute(query.where(*_in_scope(scope)))]  # type: ignore[misc]


def referral_languages(scope: Scope) -> list[tuple[str, bool, int]]:
    query = (
        select(Referral.language, Referral.interpreter_needed, func.count())
        .where(*_in_scope(scope))
        .group_by(Referral.language, Referral.interpreter_needed)
    )
    return [(language, bool(interpreter), count) for language, interpreter, count in session.execute(query)]


def first_attempt_at(referral_id: Any, *, spoke: bool) -> Any:
    """A referral's first contact attempt (or first conversation), looked up by its own index:
    grouping every attempt first would read them all to report on a day."""
    query = select(func.min(ContactAttempt.made_at)).where(ContactAttempt.referral_id == referral_id)
    if spoke:
        query = query.where(ContactAttempt.outcome == ContactOutcome.SPOKE)
    return query.scalar_subquery()


def first_contacts(scope: Scope) -> list[Any]:
    """Per referral: team, area, received, kind, spam flag, team promise, first attempt, first conversation."""
    query = (
        select(
            Referral.team_id,
            Referral.outward_code,
            Referral.submitted_at,
            Referral.kind,
            Referral.possible_spam,
            Team.first_contact_working_days,
            first_attempt_at(Referral.id, spoke=False).label("attempted_at"),
            first_attempt_at(Referral.id, spoke=True).label("spoke_at"),
        )
        .outerjoin(Team, Team.id == Referral.team_id)
        .where(*_in_scope(scope))
    )
    return list(session.execute(query))


def overdue_now(scope: Scope, now: datetime) -> int:
    """Referrals still awaiting first contact past their time limit now, whenever they came;
    paused ones are not late."""
    query = select(func.count()).where(
        *_in_scope(scope, by_submission=False),
        Referral.status.in_([ReferralStatus.NEW, ReferralStatus.IN_TRIAGE]),
        Referral.paused_at.is_(None),
        Referral.due_at <= now,
    )
    return session.scalar(query) or 0


def closed_unable_to_contact(scope: Scope) -> int:
    query = select(func.count()).where(*_in_scope(scope), Referral.closing_reason == ClosingReason.UNABLE_TO_CONTACT)
    return session.scalar(query) or 0


def group_referral_outcomes(scope: Scope) -> list[tuple[str, str, int]]:
    """Per listing and status: the group referrals made in the period for referrals in scope."""
    query = (
        select(Listing.name, GroupReferral.status, func.count())
        .join(Listing, Listing.id == GroupReferral.listing_id)
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .where(
            GroupReferral.created_at >= scope.start,
            GroupReferral.created_at < scope.end,
            *_in_scope(scope, by_submission=False),
        )
        .group_by(Listing.name, GroupReferral.status)
    )
    return [(name, str(status), count) for name, status, count in session.execute(query)]


def _group_referrals_in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    return [
        GroupReferral.created_at >= scope.start,
        GroupReferral.created_at < scope.end,
        *_in_scope(scope, by_submission=False),
    ]


def group_referral_outcomes_by_listing(scope: Scope) -> list[tuple[int, str, int]]:
    """Per listing id and status: the group referrals made in the period."""
    query = (
        select(GroupReferral.listing_id, GroupReferral.status, func.count())
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .where(*_group_referrals_in_scope(scope))
        .group_by(GroupReferral.listing_id, GroupReferral.status)
    )
    return [(listing_id, str(status), count) for listing_id, status, count in session.execute(query)]


def listing_categories(listing_ids: set[int]) -> dict[int, list[str]]:
    if not listing_ids:
        return {}
    query = select(Listing.id, Listing.categories).where(Listing.id.in_(listing_ids))
    return {listing_id: list(codes or []) for listing_id, codes in session.execute(query)}


def follow_up_answers(scope: Scope) -> list[tuple[str | None, str | None, int]]:
    """ "Did you go?" messages sent in the period, by answer and how it came."""
    query = (
        select(FollowUp.answer, FollowUp.answered_by, func.count())
        .join(Referral, Referral.id == FollowUp.referral_id)
        .where(FollowUp.sent_at >= scope.start, FollowUp.sent_at < scope.end, *_in_scope(scope, by_submission=False))
        .group_by(FollowUp.answer, FollowUp.answered_by)
    )
    return [(answer, answered_by, count) for answer, answered_by, count in session.execute(query)]


def suggested_listings_count(scope: Scope) -> int:
    query = (
        select(func.count())
        .select_from(SuggestedListing)
        .join(Referral, Referral.id == SuggestedListing.referral_id)
        .where(
            SuggestedListing.suggested_at >= scope.start,
            SuggestedListing.suggested_at < scope.end,
            *_in_scope(scope, by_submission=False),
        )
    )
    return session.scalar(query) or 0


def closing_reasons(scope: Scope) -> list[tuple[str, int]]:
    """Referrals closed in the period, by reason."""
    query = (
        select(Referral.closing_reason, func.count())
        .where(
            Referral.closed_at >= scope.start,
            Referral.closed_at < scope.end,
            Referral.closing_reason.is_not(None),
            *_in_scope(scope, by_submission=False),
        )
        .group_by(Referral.closing_reason)
    )
    return [(str(reason), count) for reason, count in session.execute(query)]


def listings_checked_since(moment: datetime) -> int:
    query = select(func.count()).where(Listing.status == ListingStatus.ACTIVE, Listing.last_checked_at >= moment)
    return session.scalar(query) or 0


def listings_by_status() -> dict[str, int]:
    query = select(Listing.status, func.count()).group_by(Listing.status)
    return {str(status): count for status, count in session.execute(query)}


def open_problem_reports() -> int:
    return session.scalar(select(func.count()).where(ProblemReport.resolved_at.is_(None))) or 0


def group_answers(scope: Scope) -> list[tuple[datetime, datetime | None]]:
    """When each group referral of the period was sent, and when its group first answered."""
    query = (
        select(GroupReferral.created_at, GroupReferral.answered_at)
        .join(Referral, Referral.id == GroupReferral.referral_id)
        .where(
            GroupReferral.created_at >= scope.start,
            GroupReferral.created_at < scope.end,
            *_in_scope(scope, by_submission=False),
        )
    )
    return [(sent, answered) for sent, answered in session.execute(query)]


def wellbeing_scores(scope: Scope) -> list[tuple[int, str, str, int, datetime]]:
    """Every ONS4 score of the referrals in scope that had a later score recorded in the period."""
    later = (
        select(WellbeingScore.referral_id)
        .where(
            WellbeingScore.stage != WellbeingStage.BASELINE,
            WellbeingScore.recorded_at >= scope.start,
            WellbeingScore.recorded_at < scope.end,
        )
        .distinct()
    )
    query = (
        select(
            WellbeingScore.referral_id,
            WellbeingScore.stage,
            WellbeingScore.question,
            WellbeingScore.score,
            WellbeingScore.recorded_at,
        )
        .join(Referral, Referral.id == WellbeingScore.referral_id)
        .where(WellbeingScore.referral_id.in_(later), *_in_scope(scope, by_submission=False))
    )
    return [(row[0], str(row[1]), str(row[2]), row[3], row[4]) for row in session.execute(query)]


def scored_since(scope: Scope, moment: datetime) -> list[int]:
    """The referrals in scope with any ONS4 score recorded since `moment`."""
    query = (
        select(WellbeingScore.referral_id)
        .join(Referral, Referral.id == WellbeingScore.referral_id)
        .where(WellbeingScore.recorded_at >= moment, *_in_scope(scope, by_submission=False))
        .distinct()
    )
    return list(session.scalars(query))


def scores_of(referral_ids: list[int]) -> list[tuple[int, str, str, int, datetime]]:
    query = select(
        WellbeingScore.referral_id,
        WellbeingScore.stage,
        WellbeingScore.question,
        WellbeingScore.score,
        WellbeingScore.recorded_at,
    ).where(WellbeingScore.referral_id.in_(referral_ids))
    return [(row[0], str(row[1]), str(row[2]), row[3], row[4]) for row in session.execute(query)]
