"""Reading accounts, invitations and organisations."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts.models import Invitation, RecoveryCode, Role, User, normalise_account_email
from portal.db import session, utcnow
from portal.organisations.models import Organisation, OrganisationStatus


def user_by_email(email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_account_email(email)))


def user_by_id(user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users() -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.role, func.lower(User.name))))


def colleagues(organisation_id: int) -> list[User]:
    query = (
        select(User)
        .where(User.organisation_id == organisation_id, User.role == Role.ORG_EDITOR, User.active.is_(True))
        .order_by(func.lower(User.name))
    )
    return list(session.scalars(query))


def pending_invitations(organisation_id: int | None = None) -> list[Invitation]:
    now = utcnow()
    query = select(Invitation).where(
        Invitation.accepted_at.is_(None), Invitation.withdrawn_at.is_(None), Invitation.expires_at > now
    )
    if organisation_id is not None:
        query = query.where(Invitation.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(Invitation.created_at.desc())))


def invitation_by_id(invitation_id: int) -> Invitation | None:
    return session.get(Invitation, invitation_id)


def recovery_codes_left(user: User) -> int:
    query = select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return session.scalar(query) or 0


def organisations_for_editors() -> list[Organisation]:
    query = select(Organisation).where(Organisation.status == OrganisationStatus.APPROVED).order_by(Organisation.name)
    return list(session.scalars(query))


def organisation_by_id(organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def organisation_by_slug(slug: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == slug))
