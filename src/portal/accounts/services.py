"""Changes to accounts: creating, passwords, two-step verification, email, disabling.

Each change that matters to the person is audited, and those that affect their security are
emailed to them ("your password was changed"), so someone else's change does not go unseen.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import has_request_context
from sqlalchemy import delete, select, update

from portal.accounts import mfa, passwords
from portal.accounts.audit.record import record_event
from portal.accounts.models import STAFF_ROLES, RecoveryCode, Role, User
from portal.accounts.queries import user_by_email
from portal.accounts.sessions import end_every_session, start_session
from portal.db import session, utcnow
from portal.organisations.models import Organisation
from portal.outbox.models import Channel
from portal.outbox.services import queue_message, send_soon


class AccountProblem(ValueError):
    """A change that cannot be made, with a short reason for the command line or a form."""


def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None = None,
    is_org_admin: bool = False,
    password: str | None = None,
    totp_secret: str | None = None,
    locale: str = "en",
) -> User:
    if user_by_email(email) is not None:
        raise AccountProblem("there is already an account with this email address")
    if role == Role.ORG_EDITOR and organisation is None:
        raise AccountProblem("an organisation editor needs an organisation")
    if role in STAFF_ROLES and organisation is not None:
        raise AccountProblem("link workers and coordinators do not belong to an organisation")
    user = User(
        email=email,
        name=name,
        role=role,
        organisation_id=organisation.id if organisation else None,
        is_org_admin=is_org_admin and role == Role.ORG_EDITOR,
        locale=locale,
    )
    if password is not None:
        set_password(user, password)
    if totp_secret is not None:
        user.totp_secret, user.totp_enrolled_at = mfa.clean_secret(totp_secret), utcnow()
    session.add(user)
    session.flush()
    record_event("user.created", "user", user.id, {"role": str(role), "organisation_id": user.organisation_id})
    return user


def set_password(user: User, password: str) -> None:
    problem = passwords.password_problem(password, user.email)
    if problem is not None:
        raise AccountProblem(f"the password is not allowed ({problem.replace('_', ' ')})")
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()


def user_with_password(email: str, password: str) -> User | None:
    """The active account for this email and password. The hash is upgraded when our
    hashing parameters have changed since it was made."""
    user = user_by_email(email)
    if not passwords.verify_password(user.password_hash if user else None, password) or user is None:
        return None
    if not user.active:
        return None
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def change_password(user: User, new_password: str, *, how: str = "changed") -> None:
    """A new password ends every session (on every browser); the caller starts a new one for
    this browser if the person stays signed in."""
    set_password(user, new_password)
    end_every_session(user, "password")
    record_event(f"password.{how}", "user", user.id, actor=user)
    notify(user, "password_changed")


def restart_session_after_change(user: User) -> None:
    session.flush()
    start_session(user)


# Two-step verification


def confirm_authenticator(user: User, secret: str, code: str) -> bool:
    """Turn on (or replace) the authenticator app once the person proves it works."""
    step = mfa.matching_step(secret, code, None)
    if step is None:
        return False
    replacing = user.totp_secret is not None
    user.totp_secret, user.totp_last_step, user.totp_enrolled_at = secret, step, utcnow()
    record_event("mfa.replaced" if replacing else "mfa.set_up", "user", user.id, actor=user)
    notify(user, "mfa_replaced" if replacing else "mfa_set_up")
    return True


def code_is_right(user: User, code: str) -> bool:
    """Accept a code from the app once only."""
    if user.totp_secret is None:
        return False
    step = mfa.matching_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def new_recovery_codes(user: User, *, audit: bool = True) -> list[str]:
    """Ten new one-time codes; any old ones stop working. Shown once and never stored."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = mfa.new_recovery_codes()
    for code in codes:
        salt = secrets.token_hex(16)
        session.add(RecoveryCode(user_id=user.id, salt=salt, code_hash=mfa.hash_recovery_code(code, salt)))
    session.flush()
    if audit:
        record_event("mfa.recovery_codes_created", "user", user.id, actor=user)
        notify(user, "recovery_codes_created")
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    unused = session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for recovery in unused:
        if mfa.recovery_code_matches(code, recovery.salt, recovery.code_hash):
            # A conditional update: two requests racing with the same code cannot both win.
            used = session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            if used.rowcount == 1:  # type: ignore[attr-defined]
                record_event("mfa.recovery_code_used", "user", user.id, actor=user)
                notify(user, "recovery_code_used")
                return True
    return False


def turn_off_mfa(user: User, *, by: User | None = None) -> None:
    """Editors may choose to stop using an app; a coordinator may clear a staff member's app
    when their phone is lost (they set up a new one at their next sign-in)."""
    user.totp_secret = user.totp_last_step = user.totp_enrolled_at = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if by is not None and by.id != user.id:
        end_every_session(user, "mfa_reset")
        record_event("user.mfa_reset", "user", user.id)
        notify(user, "mfa_reset")
    else:
        record_event("mfa.turned_off", "user", user.id, actor=user)
        notify(user, "mfa_turned_off")


# Email, disabling


def change_email(user: User, new_email: str) -> None:
    old_email = user.email
    if user_by_email(new_email) is not None:
        raise AccountProblem("there is already an account with this email address")
    user.email = new_email
    record_event("email.changed", "user", user.id, actor=user)
    notify(user, "email_changed", to=old_email, context={"new_email": user.email})
    notify(user, "email_changed")


def disable_user(user: User) -> None:
    user.active = False
    end_every_session(user, "disabled")
    record_event("user.disabled", "user", user.id)


def enable_user(user: User) -> None:
    user.active = True
    record_event("user.enabled", "user", user.id)


def sign_out_everywhere(user: User) -> None:
    end_every_session(user, "everywhere")
    record_event("user.signed_out_everywhere", "user", user.id)


def notify(user: User, change: str, *, to: str | None = None, context: dict[str, Any] | None = None) -> None:
    """Tell the person about a change to their account's security, in their language."""
    queue_message(
        channel=Channel.EMAIL,
        to=to or user.email,
        template="account-security-change",
        locale=user.locale,
        context={"name": user.name, "change": change, **(context or {})},
    )
    if has_request_context():
        send_soon()
