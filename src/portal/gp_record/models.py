"""What the portal keeps to reach the person's GP record: the NHS number, the consent to share
with the GP (each change of mind a new row), coded events and the messages sent back."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, utcnow


class GpSharing(StrEnum):
    """What the person agrees the GP may get."""

    FULL = "full"
    CODES_ONLY = "codes_only"
    NOTHING = "nothing"


class AskedHow(StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"


class MessageRoute(StrEnum):
    MESH = "mesh"
    EMAIL = "email"
    PRINT = "print"


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    PRINTED = "printed"


class ClinicalCode(Base):
    """A SNOMED CT concept the scheme records. A scheme adds its own rows (for "social
    prescribing offered", say) without code changes; `event` names the moment that codes it."""

    __tablename__ = "clinical_code"

    code: Mapped[str] = mapped_column(String(18), primary_key=True)
    term: Mapped[str] = mapped_column(String(255))
    event: Mapped[str | None] = mapped_column(String(40), unique=True)


class PracticeMailbox(Base):
    """The MESH mailbox a practice receives documents in (ODS code: mailbox id)."""

    __tablename__ = "practice_mailbox"

    ods_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(20))


class CaseIdentity(Base):
    """The NHS number of the person a referral is about: added by a link worker, never asked of
    the public."""

    __tablename__ = "case_identity"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), primary_key=True)
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class CaseReferrer(Base):
    """The professional who referred the person (a GP, a nurse, a housing officer), recorded by
    the link worker: the message back goes to them too, as the consent allows."""

    __tablename__ = "case_referrer"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class GpConsent(Base):
    """Append-only: the latest row is the person's current answer, earlier ones their history."""

    __tablename__ = "gp_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    sharing: Mapped[GpSharing] = mapped_column(String(12))
    asked_how: Mapped[AskedHow] = mapped_column(String(12))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class CodedEvent(Base):
    __tablename__ = "coded_event"
    # "Once per episode": a referral is the episode, so each code at most once on it.
    __table_args__ = (UniqueConstraint("referral_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("clinical_code.code"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The practice it was sent to, for the per-practice report (None: not sent yet).
    sent_to_practice: Mapped[str | None] = mapped_column(String(10), index=True)
    sent_at: Mapped[datetime | None]

    clinical_code: Mapped[ClinicalCode] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")


class GpMessage(Base):
    """One message back to the GP: its content as sent (cut to codes only when that is the
    consent), how it went, and the MESH message id and acknowledgement."""

    __tablename__ = "gp_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    practice_code: Mapped[str] = mapped_column(String(10))
    route: Mapped[MessageRoute] = mapped_column(String(10))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[MessageStatus] = mapped_column(String(14), default=MessageStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    mesh_message_id: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    # Set when the same message was also emailed to the referrer: when, and their organisation
    # as it was then (the case's referrer may change later).
    referrer_emailed_at: Mapped[datetime | None]
    referrer_organisation: Mapped[str | None] = mapped_column(String(200))

    sent_by: Mapped[User | None] = relationship(lazy="joined")
