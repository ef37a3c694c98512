"""The organisations feature's tables: organisations, requests to join, listing revisions,
"still correct?" links, reported problems and referrals to groups."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, Timestamped, utcnow
from portal.referrals.models import Referral

if TYPE_CHECKING:  # both import Organisation from here
    from portal.accounts.models import User
    from portal.directory.models import Listing


class OrganisationStatus(StrEnum):
    PENDING = "pending"  # asked to join; waits for a coordinator
    APPROVED = "approved"
    DECLINED = "declined"


class Organisation(Timestamped, Base):
    """Open Referral UK `organization`: field names follow the standard where they can.
    `uuid`, `source` and `source_id` as on `Listing`."""

    __tablename__ = "organisation"
    __table_args__ = (Index("ix_organisation_source_record", "source", "source_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True, index=True, nullable=True)
    source: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str | None] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    charity_number: Mapped[str | None] = mapped_column(String(20))
    company_number: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[OrganisationStatus] = mapped_column(String(10), default=OrganisationStatus.APPROVED)
    # Trusted organisations' edits publish at once (and still appear in the moderation log).
    trusted: Mapped[bool] = mapped_column(default=False)
    # How many working days its groups have to answer a referral; None: the scheme's setting.
    answer_within_working_days: Mapped[int | None]


class RequestKind(StrEnum):
    JOIN = "join"  # a new organisation asks for an account
    CLAIM = "claim"  # someone asks to edit an organisation already in the directory


class RequestState(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    DECLINED = "declined"


class JoinRequest(Timestamped, Base):
    """ "List your group or service", or a claim of an existing organisation."""

    __tablename__ = "organisation_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(String(10), default=RequestKind.JOIN)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    organisation_name: Mapped[str] = mapped_column(String(200))
    registered_number: Mapped[str] = mapped_column(String(20), default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    what_they_do: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10), default="en")
    state: Mapped[RequestState] = mapped_column(String(10), default=RequestState.WAITING, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship()


class RevisionState(StrEnum):
    EDITING = "editing"  # an editor's work in progress, section by section; not yet sent
    DRAFT = "draft"  # replaced by a later change
    WAITING = "waiting"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    RESTORED = "restored"  # an approved revision made from an earlier one


class ListingRevision(Base):
    """One version of a listing as a snapshot (`directory.snapshots.listing_to_dict`). A new
    listing has no `listing_id` until its first revision is approved."""

    __tablename__ = "listing_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[RevisionState] = mapped_column(String(10), default=RevisionState.WAITING, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was sent back
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    restored_from_id: Mapped[int | None] = mapped_column(ForeignKey("listing_revision.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation] = relationship()

    @property
    def name(self) -> str:
        return str(self.snapshot.get("name", ""))


class CheckLink(Base):
    """The single-use marker behind a signed "still correct" link."""

    __tablename__ = "listing_check_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]  # the reminder it was sent with: 5 or 6
    checked_since: Mapped[datetime]  # the listing's last check when it was sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class ProblemKind(StrEnum):
    WRONG_TIME = "wrong_time"
    CLOSED = "closed"
    WRONG_CONTACT = "wrong_contact"
    OTHER = "other"


class ProblemReport(Base):
    __tablename__ = "listing_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ProblemKind] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    listing: Mapped[Listing] = relationship()


class GroupReferralStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED = "cancelled"  # by the link worker: the group no longer needs to answer


class GroupReferral(Timestamped, Base):
    """A person referred to a group, with their consent. The organisation sees only the
    fields here: the name and preferred contact the person agreed to share, and the note."""

    __tablename__ = "group_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    person_name: Mapped[str] = mapped_column(String(200))
    preferred_contact: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(Text, default="")
    consent_recorded_at: Mapped[datetime]
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[GroupReferralStatus] = mapped_column(String(20), default=GroupReferralStatus.SENT)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sent to a full group: the link worker chose to, knowing.
    sent_while_full: Mapped[bool] = mapped_column(default=False, server_default=false())

    # The group's answer and its deadline (see `portal.followups.deadlines`): reminders go to the
    # organisation's editors at `halfway_reminder_at` and `day_reminder_at`; past `answer_due_at`
    # the holder is told. A chase sets a new deadline and reminders.
    answer_due_at: Mapped[datetime | None] = mapped_column(index=True)
    halfway_reminder_at: Mapped[datetime | None]
    day_reminder_at: Mapped[datetime | None]
    halfway_reminded_at: Mapped[datetime | None]
    day_reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]  # when the holder was told the group had not answered
    chased_at: Mapped[datetime | None]
    chases: Mapped[int] = mapped_column(default=0, server_default="0")
    answered_at: Mapped[datetime | None]  # the group's first answer (accepted or declined)
    # The group's first session after it accepted: the person is asked how it went some days later.
    first_session_at: Mapped[datetime | None]

    listing: Mapped[Listing] = relationship()
    referral: Mapped[Referral] = relationship()
