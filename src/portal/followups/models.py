"""Asking the person how it went, their answers, and how quickly each listing's group answers
referrals (worked out nightly)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.organisations.models import GroupReferral


class Answer(StrEnum):
    """The three one-tap answers, numbered as a text message reply gives them."""

    WENT = "went"  # 1: "Yes"
    STILL_PLANNED = "still_planned"  # 2: "Not yet, I still want to"
    WANTS_CONTACT = "wants_contact"  # 3: "No, I'd like to talk to someone"


ANSWER_NUMBERS = {"1": Answer.WENT, "2": Answer.STILL_PLANNED, "3": Answer.WANTS_CONTACT}


class AnsweredBy(StrEnum):
    LINK = "link"
    TEXT_REPLY = "text_reply"  # a reply of 1, 2 or 3 through GOV.UK Notify
    TEXT_IN_WORDS = "text_in_words"  # any other reply: the holder calls them back


class FollowUp(Base):
    """One "Did you go?" message for one referral to a group, sent once. The link's token is
    random and kept only as a hash; the link works once and until `expires_at`."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_referral_id: Mapped[int] = mapped_column(ForeignKey("group_referral.id", ondelete="CASCADE"), unique=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # sms or email: the one the person chose
    locale: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answer: Mapped[Answer | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[AnsweredBy | None] = mapped_column(String(20))
    # Set with "I'd like to talk to someone": the holder should be in touch by then.
    contact_due_at: Mapped[datetime | None] = mapped_column(index=True)

    group_referral: Mapped[GroupReferral] = relationship()


class InboundText(Base):
    """A text message reply forwarded by GOV.UK Notify, kept only so a retried callback is not
    counted twice: never its words or the number it came from."""

    __tablename__ = "follow_up_inbound_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    notify_id: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up.id", ondelete="SET NULL"))


class ListingResponse(Base):
    """How a listing's group has answered referrals over the last 12 months, worked out nightly
    (`stats.work_out_responses`). Below the minimum number of referrals nothing is kept that
    could be shown: the two shares are None."""

    __tablename__ = "listing_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), unique=True)
    referrals: Mapped[int]
    usual_answer_working_days: Mapped[int | None]
    accepted_in_ten: Mapped[int | None]  # of every 10 referrals answered, about how many accepted
    worked_out_at: Mapped[datetime] = mapped_column(default=utcnow)
