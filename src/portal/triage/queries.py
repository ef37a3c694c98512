"""Reads for the queue, the case page and the caseload."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, literal_column, select
from sqlalchemy.sql import ColumnElement, Select

from portal.accounts.models import AuditEvent, Role, User
from portal.db import session
from portal.followups.queries import talk_due
from portal.referrals.models import OPEN_STATUSES, Referral, ReferralKind, ReferralStatus
from portal.triage.models import CaseNote, ContactAttempt, ContactOutcome
from portal.triage.timing import ItemType

# Written as a literal so that SQLite and PostgreSQL both see it matches the partial index
# `ix_referral_open_queue` (a bound parameter hides that): a few thousand open referrals are
# then read without scanning a million closed ones.
OPEN = Referral.status.op("<>", is_comparison=True)(literal_column(f"'{ReferralStatus.CLOSED.value}'"))


# The teams a queue page shows, as a condition (see `portal.teams.scopes`); None: every team.
Within = ColumnElement[bool] | None


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows; empty means no limit. `holder` is mine, unassigned or everyone."""

    type: str = ""
    status: str = ""
    holder: str = "everyone"
    urgent: bool = False
    language: str = ""
    area: str = ""
    need: str = ""
    team: str = ""  # a team's slug, "mine" or "all"; empty for the default (see `portal.teams.scopes`)

    def as_query(self) -> dict[str, Any]:
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return {key: value for key, value in values.items() if value not in ("", False, "everyone")}


def _type_condition(kind: str) -> ColumnElement[bool] | None:
    if kind == ItemType.POSSIBLE_SPAM:
        return Referral.possible_spam.is_(True)
    if kind in set(ReferralKind):
        return (Referral.kind == kind) & Referral.possible_spam.is_(False)
    return None


def _conditions(chosen: QueueFilter, me: User, within: Within = None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool] | None] = [OPEN, within, _type_condition(chosen.type)]
    if chosen.status in OPEN_STATUSES:
        conditions.append(Referral.status == chosen.status)
    if chosen.holder == "mine":
        conditions.append(Referral.holder_id == me.id)
    elif chosen.holder == "unassigned":
        conditions.append(Referral.holder_id.is_(None))
    if chosen.urgent:
        conditions.append(Referral.urgent.is_(True))
    if chosen.language:
        conditions.append(Referral.language == chosen.language)
    if chosen.area:
        conditions.append(Referral.outward_code == chosen.area.upper())
    if chosen.need:
        # Needs are a JSON list of plain codes; its text holds each code in double quotes.
        conditions.append(cast(Referral.needs, String).like(f'%"{chosen.need}"%'))
    return [condition for condition in conditions if condition is not None]


def queue_order(query: Select[Any]) -> Select[Any]:
    """Urgent first, then the soonest due; the id keeps the order stable."""
    return query.order_by(Referral.urgent.desc(), Referral.due_at, Referral.id)


def queue(chosen: QueueFilter, me: User, limit: int, offset: int = 0, within: Within = None) -> Sequence[Referral]:
    query = queue_order(select(Referral).where(*_conditions(chosen, me, within))).limit(limit).offset(offset)
    return session.scalars(query).all()


def count_matching(chosen: QueueFilter, me: User, within: Within = None) -> int:
    query = select(func.count()).select_from(Referral).where(*_conditions(chosen, me, within))
    return session.scalar(query) or 0


@dataclass(frozen=True)
class OpenSummary:
    counts: dict[str, int]  # every open status, in the statuses' order
    areas: list[str]  # outward codes with an open referral, sorted


def open_summary(within: Within = None) -> OpenSummary:
    """Counts per status and the areas in one read of the `ix_referral_open_status_area` index
    (of `ix_referral_open_team_status_area` for teams)."""
    query = (
        select(Referral.status, Referral.outward_code, func.count())
        .where(OPEN, *([within] if within is not None else []))
        .group_by(Referral.status, Referral.outward_code)
    )
    counts: dict[str, int] = {str(status): 0 for status in OPEN_STATUSES}
    areas: set[str] = set()
    for status, area, count in session.execute(query):
        counts[str(status)] += int(count)
        if area:
            areas.add(str(area))
    return OpenSummary(counts=counts, areas=sorted(areas))


def newest_id() -> int:
    """Over every referral (the primary key's last entry): arrivals are then counted among open ones."""
    return session.scalar(select(func.max(Referral.id))) or 0


def arrived_since(seen: int, within: Within = None) -> int:
    conditions = [OPEN, Referral.id > seen, *([within] if within is not None else [])]
    return session.scalar(select(func.count()).select_from(Referral).where(*conditions)) or 0


def holders(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


def referral_by_id(referral_id: int) -> Referral | None:
    return session.get(Referral, referral_id)


def staff_member(user_id: int) -> User | None:
    return session.get(User, user_id)


def as_saved_now(referral: Referral) -> Referral:
    """The referral read again, after a change someone else made (a stale edit) or one refused."""
    session.refresh(referral)
    return referral


def referral_by_reference(reference: str) -> Referral | None:
    return session.scalar(select(Referral).where(Referral.reference == reference.upper()))


def contact_attempts(referral: Referral) -> Sequence[ContactAttempt]:
    query = select(ContactAttempt).where(ContactAttempt.referral_id == referral.id).order_by(ContactAttempt.made_at)
    return session.scalars(query).all()


def failed_attempts(referral: Referral) -> int:
    return failed_among(contact_attempts(referral))


def failed_among(attempts: Sequence[ContactAttempt]) -> int:
    """How many of these attempts did not reach the person."""
    return sum(1 for attempt in attempts if not ContactOutcome(attempt.outcome).reached_the_person)


def notes(referral: Referral, include_safeguarding: bool) -> Sequence[CaseNote]:
    query = select(CaseNote).where(CaseNote.referral_id == referral.id)
    if not include_safeguarding:
        query = query.where(CaseNote.safeguarding.is_(False))
    return session.scalars(query.order_by(CaseNote.written_at, CaseNote.id)).all()


def events_about(reference: str, leaving_out: tuple[str, ...] = ()) -> Sequence[AuditEvent]:
    """What was done to a referral, from the audit log, without the many times it was looked at."""
    query = select(AuditEvent).where(
        AuditEvent.subject_type == "referral",
        AuditEvent.subject_id == reference,
        AuditEvent.action.not_like("%\\_viewed", escape="\\"),
        AuditEvent.action.not_in(("triage.stale_edit_refused", *leaving_out)),
    )
    return session.scalars(query.order_by(AuditEvent.occurred_at, AuditEvent.id)).all()


def staff_name(email: str) -> str:
    """A colleague's name from the email the audit log kept; the email if the account has changed."""
    return session.scalar(select(User.name).where(User.email == email)) or email


def staff_who_can_hold() -> Sequence[User]:
    query = select(User).where(User.role.in_([Role.LINK_WORKER, Role.COORDINATOR]), User.active.is_(True))
    return session.scalars(query.order_by(User.name)).all()


def caseload(me: User, whole_team: bool) -> Sequence[Referral]:
    query = select(Referral).where(OPEN, Referral.holder_id.is_not(None))
    if not whole_team:
        query = query.where(Referral.holder_id == me.id)
    # A person who asked to talk to someone comes first, soonest due, then the next reviews.
    talk = talk_due(Referral.id)
    return session.scalars(
        query.order_by(
            talk.is_(None),
            talk,
            Referral.next_review_on.is_(None),
            Referral.next_review_on,
            Referral.due_at,
            Referral.id,
        )
    ).all()


def count_overdue(at: datetime) -> int:
    """Open referrals past their time limit, as the queue's "Overdue" tag counts them."""
    return (
        session.scalar(
            select(func.count()).where(
                Referral.due_at <= at,
                Referral.paused_at.is_(None),
                Referral.status.in_([status for status in OPEN_STATUSES if status != ReferralStatus.CONTACT_ATTEMPTED]),
            )
        )
        or 0
    )
