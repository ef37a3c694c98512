"""Teams, who is in them, the ordered rules that route each referral to one, and transfers.

A team covers GP practices (by ODS code) and outward codes, takes people of an age range, has
the personalised-care roles of its members, its own working-day promise for first contact and
an inbox for urgent alerts. The routing of a referral lives on the `Referral` row (`team_id`,
`care_role`, `routing_rule_id`, `routed_by`), so a team's queue is one indexed read of one table.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, Timestamped, utcnow
from portal.referrals.models import Referral


class CareRole(StrEnum):
    """The personalised-care roles of the PCN contract, and the advisers of partner teams."""

    LINK_WORKER = "link_worker"
    FAMILY_LINK_WORKER = "family_link_worker"
    HEALTH_AND_WELLBEING_COACH = "health_and_wellbeing_coach"
    CARE_COORDINATOR = "care_coordinator"
    ADVISER = "adviser"

    @classmethod
    def from_option(cls, value: str) -> CareRole:
        """`care-coordinator` (as typed on the command line) or `care_coordinator`."""
        return cls(value.strip().lower().replace("-", "_"))


class Team(Timestamped, Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    practice_codes: Mapped[list[str]] = mapped_column(JSON, default=list)  # ODS codes
    outward_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_age: Mapped[int | None]  # the ages it takes, both ends included; None: no limit
    max_age: Mapped[int | None]
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)  # CareRole values
    first_contact_working_days: Mapped[int] = mapped_column(default=3)
    urgent_inbox: Mapped[str | None] = mapped_column(String(254))
    # Its promise applies to referrals transferred to it, counted from the transfer; otherwise
    # a transferred referral keeps the due time it had.
    transfers_restart_promise: Mapped[bool] = mapped_column(default=False, server_default=false())

    def takes_age(self, age: int | None) -> bool:
        """An unknown age (a call back) is never turned away."""
        if age is None:
            return True
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)


class TeamMembership(Base):
    """A person in a team, in one of its roles. A person may be in several teams."""

    __tablename__ = "team_membership"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    care_role: Mapped[CareRole] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    team: Mapped[Team] = relationship(lazy="joined")


class RuleKind(StrEnum):
    AREA = "area"  # the team covering the person's GP practice, else their outward code
    AGE = "age"  # the person's age is one the rule's team takes
    NEED = "need"  # the person asked for help with the rule's need
    DEFAULT = "default"  # everything no other rule routed


class RoutingRule(Timestamped, Base):
    """Evaluated by `position`, first match wins; the default rule always comes last. A rule
    may say which role in the team takes what it routes (`care_role`; None: anyone in it)."""

    __tablename__ = "routing_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    kind: Mapped[RuleKind] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    need: Mapped[str | None] = mapped_column(String(40))
    care_role: Mapped[CareRole | None] = mapped_column(String(40))


class ReferralTransfer(Base):
    """A referral moved from one team to another, with the reason given."""

    __tablename__ = "referral_transfer"
    # "Transferred to this team since you last looked", read by the receiving team's queue.
    __table_args__ = (Index("ix_referral_transfer_to_team", "to_team_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    from_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    to_team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    transferred_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    transferred_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at_before: Mapped[datetime | None]
    due_at_after: Mapped[datetime | None]

    transferred_by: Mapped[User | None] = relationship(lazy="joined")


# One team's queue: its open referrals in queue order, and its counts per status and its areas.
OPEN = text("status <> 'closed'")
Index(
    "ix_referral_open_team_queue",
    Referral.team_id,
    Referral.urgent,
    Referral.due_at,
    postgresql_where=OPEN,
    sqlite_where=OPEN,
)
Index(
    "ix_referral_open_team_status_area",
    Referral.team_id,
    Referral.status,
    Referral.outward_code,
    postgresql_where=OPEN,
    sqlite_where=OPEN,
)
