"""What link workers record on a referral: contact attempts and append-only case notes.

The queue's own state (who holds a referral, its due time, flags, version) lives on the
`Referral` row itself, so the queue is one indexed read of one table.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, Timestamped, utcnow
from portal.referrals.models import Referral


class ContactMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"


class ContactOutcome(StrEnum):
    SPOKE = "spoke"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"
    TEXT_SENT = "text_sent"

    @property
    def reached_the_person(self) -> bool:
        return self == ContactOutcome.SPOKE


class ClosingReason(StrEnum):
    SUPPORTED = "supported"
    REFERRED_TO_GROUP = "referred_to_group"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    DECLINED = "declined"
    UNABLE_TO_CONTACT = "unable_to_contact"
    NOT_ELIGIBLE = "not_eligible"
    DUPLICATE = "duplicate"
    SPAM = "spam"


class ContactAttempt(Base):
    __tablename__ = "contact_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[ContactMethod] = mapped_column(String(10))
    outcome: Mapped[ContactOutcome] = mapped_column(String(20))

    made_by: Mapped[User | None] = relationship(lazy="joined")


class CaseNote(Base):
    """Append-only: a note is never changed or removed. A safeguarding note also records to whom
    the concern was escalated, and when."""

    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)
    safeguarding: Mapped[bool] = mapped_column(default=False)
    escalated_to: Mapped[str | None] = mapped_column(String(200))
    escalated_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined")


class Barrier(StrEnum):
    """What could stop the person taking part, as the assessment asks about it."""

    TRANSPORT = "transport"
    CONFIDENCE = "confidence"
    LANGUAGE = "language"
    MONEY = "money"
    HEALTH = "health"
    CARING = "caring"
    DIGITAL = "digital"


class Assessment(Timestamped, Base):
    """What matters to me": one per referral, rewritten as the conversation goes on."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    needs: Mapped[str] = mapped_column(Text)
    strengths: Mapped[str | None] = mapped_column(Text)
    barriers: Mapped[list[str]] = mapped_column(JSON, default=list)
    barriers_detail: Mapped[str | None] = mapped_column(Text)
    existing_support: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class WellbeingPlan(Timestamped, Base):
    """The person's goals and when the plan is next reviewed; its actions are `PlanAction` rows."""

    __tablename__ = "wellbeing_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    goals: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class PlanAction(Base):
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    by_when: Mapped[date | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class WellbeingStage(StrEnum):
    BASELINE = "baseline"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"


class Ons4Question(StrEnum):
    """ONS personal wellbeing: each answered 0 to 10; only anxiety is higher-is-worse."""

    LIFE_SATISFACTION = "life_satisfaction"
    WORTHWHILE = "worthwhile"
    HAPPINESS = "happiness"
    ANXIETY = "anxiety"

    @property
    def higher_is_better(self) -> bool:
        return self != Ons4Question.ANXIETY


class WellbeingScore(Base):
    """One answer to one ONS4 question at one stage; recording a stage again replaces it."""

    __tablename__ = "wellbeing_score"
    __table_args__ = (UniqueConstraint("referral_id", "stage", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    stage: Mapped[WellbeingStage] = mapped_column(String(20))
    question: Mapped[Ons4Question] = mapped_column(String(30))
    score: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class SuggestedListing(Base):
    """A directory listing a link worker suggested to the person; `sent_at` once sent to them."""

    __tablename__ = "suggested_listing"
    __table_args__ = (UniqueConstraint("referral_id", "listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    suggested_at: Mapped[datetime] = mapped_column(default=utcnow)
    suggested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_at: Mapped[datetime | None]
    sent_by: Mapped[str | None] = mapped_column(String(10))  # sms or email


# "Mine", "not taken yet" and Take next read open referrals by holder: this index keeps them
# from walking the holder index through every closed referral a person ever held.
Index(
    "ix_referral_open_holder",
    Referral.holder_id,
    Referral.urgent,
    Referral.due_at,
    postgresql_where=text("status <> 'closed'"),
    sqlite_where=text("status <> 'closed'"),
)
# The queue's counts per status and its list of areas come from this index alone: reading the
# open rows themselves would mean a page of the table for each of them.
Index(
    "ix_referral_open_status_area",
    Referral.status,
    Referral.outward_code,
    postgresql_where=text("status <> 'closed'"),
    sqlite_where=text("status <> 'closed'"),
)
