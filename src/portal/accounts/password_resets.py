"""Forgotten passwords. Asking for a link looks the same whether or not the account exists;
the link works once, within the hour, and using it signs the account out everywhere."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select, update

from portal.accounts.audit.record import record_event
from portal.accounts.invitations import LinkState, usable
from portal.accounts.models import PasswordReset, User
from portal.accounts.queries import user_by_email
from portal.accounts.services import AccountProblem, change_password
from portal.accounts.tokens import hash_token, new_token
from portal.db import session, utcnow
from portal.outbox.models import Channel
from portal.outbox.services import queue_message, send_soon
from portal.web.links import public_url


def request_reset(email: str) -> None:
    user = user_by_email(email)
    if user is None or not user.active:
        record_event("password.reset_requested", detail={"account_found": False})
        return
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(expires_at=utcnow())
    )
    token, token_hash = new_token()
    valid_for = current_app.config["ACCOUNTS_RESET_VALID_FOR"]
    reset = PasswordReset(user_id=user.id, token_hash=token_hash, expires_at=utcnow() + valid_for)
    session.add(reset)
    session.flush()
    record_event("password.reset_requested", "user", user.id, {"account_found": True})
    queue_message(
        channel=Channel.EMAIL,
        to=user.email,
        template="password-reset",
        locale=str(get_locale() or user.locale),
        context={
            "name": user.name,
            "link": public_url("accounts.open_reset_link", token=token),
            "minutes": int(valid_for.total_seconds() // 60),
        },
        dedupe_key=f"password-reset:{reset.id}",
    )
    send_soon()


def find(token: str) -> PasswordReset | LinkState:
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None:
        return LinkState.UNKNOWN
    return usable(reset, reset.used_at, reset.expires_at)


def reset_password(reset: PasswordReset, new_password: str) -> User:
    user = session.get(User, reset.user_id)
    if user is None or not user.active:
        raise AccountProblem("this account cannot be used")
    claimed = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AccountProblem("this link has already been used")
    change_password(user, new_password, how="reset")
    return user
