"""Invitations: the only way to get an account from the web. A coordinator invites anyone;
an organisation's lead editor invites colleagues to their own organisation. The emailed link
works once, for 7 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select, update

from portal.accounts.audit.record import record_event
from portal.accounts.models import Invitation, Role, User
from portal.accounts.queries import user_by_email
from portal.accounts.services import AccountProblem, create_user
from portal.accounts.tokens import hash_token, new_token
from portal.db import session, utcnow
from portal.organisations.models import Organisation
from portal.outbox.services import email_person, send_soon
from portal.web.links import public_url


class LinkState(StrEnum):
    """What is wrong with an emailed link, so the page can say so plainly."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


Link = TypeVar("Link")


def usable(link: Link, used_at: datetime | None, expires_at: datetime) -> Link | LinkState:
    """An emailed link found by its token, unless it has been used or its time is up."""
    if used_at is not None:
        return LinkState.USED
    if expires_at <= utcnow():
        return LinkState.EXPIRED
    return link


@dataclass(frozen=True)
class InvitationRequest:
    email: str
    name: str
    role: Role
    organisation: Organisation | None = None
    is_org_admin: bool = False
    locale: str | None = None  # the invitation email's language; the page's when not given


def invite(request: InvitationRequest, invited_by: User | None) -> Invitation:
    """`invited_by` is None when the scheme invites from the command line."""
    if user_by_email(request.email) is not None:
        raise AccountProblem("there is already an account with this email address")
    _withdraw_pending_for(request.email)
    token, token_hash = new_token()
    invitation = Invitation(
        email=request.email,
        name=request.name,
        role=request.role,
        organisation_id=request.organisation.id if request.organisation else None,
        is_org_admin=request.is_org_admin and request.role == Role.ORG_EDITOR,
        token_hash=token_hash,
        invited_by_id=invited_by.id if invited_by else None,
        expires_at=utcnow() + current_app.config["ACCOUNTS_INVITATION_VALID_FOR"],
        locale=request.locale or str(get_locale() or "en"),
    )
    session.add(invitation)
    session.flush()
    record_event(
        "user.invited",
        "invitation",
        invitation.id,
        {"role": str(request.role), "organisation_id": invitation.organisation_id},
    )
    _send(invitation, token, invited_by, request.organisation)
    return invitation


def _send(invitation: Invitation, token: str, invited_by: User | None, organisation: Organisation | None) -> None:
    context = {
        "role": str(invitation.role),
        "organisation": organisation.name if organisation else None,
        "invited_by": invited_by.name if invited_by else None,
        "link": public_url("accounts.open_invitation", token=token, locale=invitation.locale),
        "expires_on": invitation.expires_at.date().isoformat(),
    }
    email_person(invitation, "account-invitation", context, f"invitation:{invitation.id}")
    send_soon()


def _withdraw_pending_for(email: str) -> None:
    """A new invitation replaces any earlier one to the same address."""
    session.execute(
        update(Invitation)
        .where(Invitation.email == email.strip().lower(), Invitation.accepted_at.is_(None))
        .where(Invitation.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow())
    )


def withdraw(invitation: Invitation) -> None:
    invitation.withdrawn_at = utcnow()
    record_event("invitation.withdrawn", "invitation", invitation.id)


def find(token: str) -> Invitation | LinkState:
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or invitation.withdrawn_at is not None:
        return LinkState.UNKNOWN
    return usable(invitation, invitation.accepted_at, invitation.expires_at)


def accept(invitation: Invitation, name: str, password: str) -> User:
    """Create the account. A conditional update makes the link single use even when two
    tabs submit at once."""
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.withdrawn_at.is_(None))
        .values(accepted_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AccountProblem("this invitation has already been used")
    user = create_user(
        email=invitation.email,
        name=name,
        role=Role(invitation.role),
        organisation=invitation.organisation,
        is_org_admin=invitation.is_org_admin,
        password=password,
        locale=str(get_locale() or invitation.locale),
    )
    record_event("invitation.accepted", "invitation", invitation.id, actor=user)
    return user
