"""Demo accounts for development, one per role. Never loaded in production (`flask demo load`
refuses there)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts import mfa, passwords
from portal.accounts.models import Role, User
from portal.db import utcnow
from portal.organisations.models import Organisation, OrganisationStatus

# The demo directory's own walking organisation (its slug as `directory.demo` makes it), so the
# demo editor has listings to edit, and the demo change and reported problem are theirs.
DEMO_ORGANISATION = ("demo-leeds-health-walks", "Leeds Health Walks")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    password: str
    totp_secret: str | None


DEMO_ACCOUNTS = (
    DemoAccount(
        "link.worker@demo.example",
        "Asha Patel",
        Role.LINK_WORKER,
        "demo link worker pass",
        "LINKWORKERDEMOTOTPSECRETKEY23456",
    ),
    DemoAccount(
        "coordinator@demo.example",
        "Gareth Evans",
        Role.COORDINATOR,
        "demo coordinator pass",
        "COORDINATORDEMOTOTPSECRETKEY2345",
    ),
    DemoAccount("editor@demo.example", "Mary Okafor", Role.ORG_EDITOR, "demo org editor pass", None),
)


def demo_organisation(db: Session) -> Organisation:
    slug, name = DEMO_ORGANISATION
    organisation = db.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        organisation = Organisation(slug=slug, name=name, status=OrganisationStatus.APPROVED)
        db.add(organisation)
        db.flush()
    return organisation


def load_demo(db: Session) -> list[str]:
    organisation = demo_organisation(db)
    lines = ["Demo accounts (sign in from the footer's 'Sign in' link):"]
    for account in DEMO_ACCOUNTS:
        if db.scalar(select(User).where(User.email == account.email)) is None:
            db.add(_user(account, organisation))
        lines.append(_describe(account))
    db.flush()
    if any(account.totp_secret for account in DEMO_ACCOUNTS):
        lines.append("  Add each authenticator key to an authenticator app (for example with its 'enter a setup key'")
        lines.append("  option) and type the 6-digit code it shows when the portal asks for one.")
    return lines


def _user(account: DemoAccount, organisation: Organisation) -> User:
    editor = account.role == Role.ORG_EDITOR
    return User(
        email=account.email,
        name=account.name,
        role=account.role,
        organisation_id=organisation.id if editor else None,
        is_org_admin=editor,
        password_hash=passwords.hash_password(account.password),
        totp_secret=account.totp_secret,
        totp_enrolled_at=utcnow() if account.totp_secret else None,
    )


def _describe(account: DemoAccount) -> str:
    role = account.role.value.replace("_", " ")
    key = f", authenticator key {mfa.grouped(account.totp_secret)}" if account.totp_secret else ""
    return f"  {role}: {account.email}, password '{account.password}'{key}"
