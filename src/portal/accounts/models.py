"""Accounts for link workers, coordinators and organisation editors, and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.data_protection.keys import EncryptedString
from portal.db import Base, Timestamped, utcnow
from portal.organisations.models import Organisation


class Role(StrEnum):
    LINK_WORKER = "link_worker"
    COORDINATOR = "coordinator"
    ORG_EDITOR = "org_editor"

    @property
    def is_staff(self) -> bool:
        """Staff work with people's referrals; they must use two-step verification."""
        return self in STAFF_ROLES

    @classmethod
    def from_option(cls, value: str) -> Role:
        """`link-worker` (as typed on the command line) or `link_worker`."""
        return cls(value.strip().lower().replace("-", "_"))


STAFF_ROLES = frozenset({Role.LINK_WORKER, Role.COORDINATOR})


def normalise_account_email(value: str) -> str:
    """Email addresses identify accounts case-insensitively: we keep them lower-cased."""
    return value.strip().lower()


class User(UserMixin, Timestamped, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The editor who may invite and remove colleagues from their organisation.
    is_org_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None]
    # Encrypted at rest with DATA_ENCRYPTION_KEY (`portal.data_protection.keys`).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString())
    # The last time step whose code was accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None]
    totp_enrolled_at: Mapped[datetime | None]
    # Bumped to end every session at once (sign out everywhere, disabling, a new password).
    session_generation: Mapped[int] = mapped_column(default=0)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    last_signed_in_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @validates("email")
    def _lower_case_email(self, _key: str, value: str) -> str:
        return normalise_account_email(value)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    @property
    def is_staff(self) -> bool:
        return Role(self.role).is_staff

    @property
    def has_mfa(self) -> bool:
        return self.totp_secret is not None

    @property
    def needs_mfa(self) -> bool:
        return self.is_staff

    def end_all_sessions(self) -> None:
        self.session_generation += 1


class UserSession(Base):
    """One signed-in browser. The cookie holds only this id; signing out ends the row, so a
    copied cookie stops working too."""

    __tablename__ = "user_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    generation: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_because: Mapped[str | None] = mapped_column(String(20))


class RecoveryCode(Base):
    """A one-time code for when the authenticator app is lost. Codes carry 50 random bits, so
    a salted SHA-256 is enough (OWASP ASVS 2.6.2) and checking all ten stays fast."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class Invitation(Timestamped, Base):
    """An emailed link to create an account: used once, and only within 7 days."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    is_org_admin: Mapped[bool] = mapped_column(default=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    locale: Mapped[str] = mapped_column(String(10), default="en")

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    invited_by: Mapped[User | None] = relationship(lazy="joined")

    @validates("email")
    def _lower_case_email(self, _key: str, value: str) -> str:
        return normalise_account_email(value)

    def is_pending(self, now: datetime) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > now


class PasswordReset(Base):
    """An emailed link to choose a new password: used once, within the hour."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AuditEvent(Base):
    """Who did what to which record, when (UTC) and from where. Append-only: the ORM refuses
    changes and deletions, and the database refuses them too (triggers in the migration)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # Kept as it was at the time, so the log still reads right after an email changes.
    actor_email: Mapped[str | None] = mapped_column(String(254))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(*_args: Any) -> None:
    raise AppendOnlyViolation("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(*_args: Any) -> None:
    raise AppendOnlyViolation("audit events cannot be deleted")
