"""Self-referrals and call back requests, and the unsent answers (drafts) behind them.

One `Referral` table holds both kinds so the triage queue lists them together. Everything the
queue filters or sorts on has a typed column; the answers exactly as sent are kept as a snapshot
for the case page. Personal details sit in nullable columns that `erase_personal_details`
blanks, so a retention job can keep the record (reference, kind, dates, needs) without the person.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, Timestamped, utcnow


class ReferralKind(StrEnum):
    SELF_REFERRAL = "self_referral"
    CALLBACK = "callback"


class ReferralStatus(StrEnum):
    """Where a referral is in the triage queue's work; every status but CLOSED is open."""

    NEW = "new"
    IN_TRIAGE = "in_triage"
    CONTACT_ATTEMPTED = "contact_attempted"  # the time limit's clock is paused
    IN_SUPPORT = "in_support"
    CLOSED = "closed"


OPEN_STATUSES = tuple(status for status in ReferralStatus if status != ReferralStatus.CLOSED)


class GpRegistration(StrEnum):
    """The answer to the GP practice question: a practice (its code is kept), or neither."""

    REGISTERED = "registered"
    DO_NOT_KNOW = "do_not_know"
    NOT_REGISTERED = "not_registered"


class ContactChannel(StrEnum):
    """Always offered in this order: phone, text message, email."""

    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"


class Referral(Timestamped, Base):
    __tablename__ = "referral"
    # The triage queue reads only open referrals, a few thousand among millions of closed ones.
    __table_args__ = (
        Index(
            "ix_referral_open_queue",
            "urgent",
            "due_at",
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[ReferralKind] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.NEW, index=True)
    urgent: Mapped[bool] = mapped_column(default=False, index=True)
    possible_spam: Mapped[bool] = mapped_column(default=False)
    spam_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(20), default="web")
    locale: Mapped[str] = mapped_column(String(10))
    # The one-time token of the journey that sent it: a second send of the same answers finds this.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)

    for_someone_else: Mapped[bool] = mapped_column(default=False)
    relationship: Mapped[str | None] = mapped_column(String(100))
    person_agrees: Mapped[bool | None]

    full_name: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[date | None]
    postcode: Mapped[str | None] = mapped_column(String(10))
    outward_code: Mapped[str | None] = mapped_column(String(4), index=True)
    out_of_area: Mapped[bool] = mapped_column(default=False)
    gp_registration: Mapped[GpRegistration | None] = mapped_column(String(20))
    gp_practice_code: Mapped[str | None] = mapped_column(String(40))  # the practice's ODS code
    gp_practice_name: Mapped[str | None] = mapped_column(String(200))  # as it was called when sent

    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    what_matters: Mapped[str | None] = mapped_column(Text)
    about: Mapped[str | None] = mapped_column(Text)

    contact_channel: Mapped[ContactChannel] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, for calling and texting
    phone_as_typed: Mapped[str | None] = mapped_column(String(40))  # shown back to staff as given
    email: Mapped[str | None] = mapped_column(String(254))  # normalised
    email_as_typed: Mapped[str | None] = mapped_column(String(254))
    best_times: Mapped[str | None] = mapped_column(Text)
    may_leave_voicemail: Mapped[bool] = mapped_column(default=False)
    may_send_texts: Mapped[bool] = mapped_column(default=False)
    may_send_emails: Mapped[bool] = mapped_column(default=False)
    may_send_letters: Mapped[bool] = mapped_column(default=False)

    language: Mapped[str] = mapped_column(String(20), index=True)  # a shipped locale, bsl or other
    language_other: Mapped[str | None] = mapped_column(String(100))
    interpreter_needed: Mapped[bool] = mapped_column(default=False, index=True)
    access_needs: Mapped[str | None] = mapped_column(Text)

    consent_to_share: Mapped[bool] = mapped_column(default=False)
    consented_at: Mapped[datetime | None]

    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    personal_details_erased_at: Mapped[datetime | None]
    # Set when the date of birth is erased, so reports still count by age (`portal.data_protection`).
    age_band: Mapped[str | None] = mapped_column(String(20))
    # Asked after sending, never required (`choices.GENDERS`, `choices.ETHNIC_GROUPS`); special
    # category data, so anonymising erases them with the rest of the person.
    gender: Mapped[str | None] = mapped_column(String(30))
    ethnic_group: Mapped[str | None] = mapped_column(String(30))
    # The postcode's deprivation decile (1: most deprived), set when the postcode is erased.
    deprivation_decile: Mapped[int | None]

    # The triage queue's work on the referral (see portal.triage).
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    claimed_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]  # while contact was attempted: the time limit stands still
    safeguarding: Mapped[bool] = mapped_column(default=False, server_default=false())
    next_review_on: Mapped[date | None]
    closing_reason: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[datetime | None]
    # The team whose queue it is in (see portal.teams), the role in it that takes it (None:
    # anyone in the team), and the routing rule that sent it there, described as it was then.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    care_role: Mapped[str | None] = mapped_column(String(40))
    routing_rule_id: Mapped[int | None] = mapped_column(ForeignKey("routing_rule.id", ondelete="SET NULL"))
    routed_by: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Bumped by every change made from the case page: an edit made on an older copy is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    PERSONAL_DETAILS = (
        "relationship",
        "full_name",
        "date_of_birth",
        "postcode",
        "what_matters",
        "about",
        "phone",
        "phone_as_typed",
        "email",
        "email_as_typed",
        "best_times",
        "language_other",
        "access_needs",
        "answers",
        "gender",
        "ethnic_group",
    )

    def erase_personal_details(self, now: datetime | None = None) -> None:
        """For the retention job: who the person was goes; what the scheme did stays countable."""
        for column in self.PERSONAL_DETAILS:
            setattr(self, column, None)
        self.personal_details_erased_at = now or utcnow()


class JourneyDraft(Timestamped, Base):
    """Answers not sent yet, one row per journey, found by a random token kept in the session
    cookie (the answers themselves never travel in the cookie)."""

    __tablename__ = "journey_draft"
    __table_args__ = (UniqueConstraint("token", "journey"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    journey: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What looked automated along the way (a filled honeypot), judged when the answers are sent.
    spam_signals: Mapped[list[str]] = mapped_column(JSON, default=list)
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
