"""Actors for access tests, and the authorisation matrix every non-public route must appear in.

A feature adds its routes as `Row`s (see ACCOUNTS_ROWS) to MATRIX, and, when its routes need
records to point at (a listing of organisation A, a referral), an arrange function to ARRANGE
that stores them in `world.extras`. `tests/test_authorisation_matrix.py` walks every row as each
actor and fails on any difference, and on any non-public endpoint without a row.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts import passwords
from portal.accounts.models import Invitation, Role, User, UserSession
from portal.accounts.tokens import new_token
from portal.db import utcnow
from portal.organisations.models import Organisation
from tests.harness import PageClient

PASSWORD = "correct battery horse staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ANONYMOUS = "anonymous"
EDITOR_A = "editor of A"
EDITOR_B = "editor of B"
LINK_WORKER = "link worker"  # in no team
COORDINATOR = "coordinator"
TEAM_MEMBER = "team member"  # a link worker in team T (see tests/teams_authz.py)
NON_MEMBER = "non-member"  # a link worker in team U, not T
ACTORS = (ANONYMOUS, EDITOR_A, EDITOR_B, LINK_WORKER, COORDINATOR, TEAM_MEMBER, NON_MEMBER)

# Outcomes: an HTTP status as text, or where a redirect goes.
SIGN_IN = "sign-in"  # 302 to the sign-in page (with ?next= for GETs)
CONFIRM = "confirm"  # 302 to "confirm it is you" first


def make_organisation(db: Session, slug: str, name: str | None = None) -> Organisation:
    organisation = db.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        organisation = Organisation(slug=slug, name=name or slug.replace("-", " ").title())
        db.add(organisation)
        db.commit()
    return organisation


def make_user(
    db: Session,
    email: str,
    role: Role,
    organisation: Organisation | None = None,
    *,
    is_org_admin: bool = False,
    with_app: bool = True,
    password: str = PASSWORD,
    active: bool = True,
    name: str | None = None,
) -> User:
    user = User(
        email=email,
        name=name or email.split("@")[0].replace(".", " ").title(),
        role=role,
        organisation_id=organisation.id if organisation else None,
        is_org_admin=is_org_admin,
        password_hash=passwords.TEST_HASHER.hash(password),
        totp_secret=TOTP_SECRET if with_app else None,
        totp_enrolled_at=utcnow() if with_app else None,
        active=active,
    )
    db.add(user)
    db.commit()
    return user


def sign_in_as(client: PageClient, db: Session, user: User, **request: Any) -> None:
    """Signed in (password and code done) without going through the pages: for access tests.
    The pages themselves are tested in tests/test_accounts_sign_in.py."""
    db.refresh(user)
    signed_in = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, generation=user.session_generation)
    db.add(signed_in)
    db.commit()
    with client.session_transaction(**request) as cookie:
        cookie.clear()
        cookie.update(_user_id=str(user.id), _fresh=True, sid=signed_in.id, generation=user.session_generation)


def current_code(secret: str = TOTP_SECRET, offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.at(utcnow().timestamp() + offset_steps * 30)


def make_invitation(
    db: Session, email: str, role: Role, organisation: Organisation | None, by: User
) -> tuple[Invitation, str]:
    token, token_hash = new_token()
    invitation = Invitation(
        email=email,
        name="Invited Person",
        role=role,
        organisation_id=organisation.id if organisation else None,
        token_hash=token_hash,
        invited_by_id=by.id,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.add(invitation)
    db.commit()
    return invitation, token


@dataclass
class World:
    organisation_a: Organisation
    organisation_b: Organisation
    actors: dict[str, User]
    colleague_a: User  # an editor of A who is not the lead
    other_staff: User  # a link worker the coordinator can manage
    invitation_a: Invitation
    invitation_b: Invitation
    extras: dict[str, Any] = field(default_factory=dict)


ARRANGE: list[Callable[[Session, World], None]] = []


def build_world(db: Session) -> World:
    a, b = make_organisation(db, "organisation-a"), make_organisation(db, "organisation-b")
    actors = {
        EDITOR_A: make_user(db, "lead.a@example.org", Role.ORG_EDITOR, a, is_org_admin=True),
        EDITOR_B: make_user(db, "lead.b@example.org", Role.ORG_EDITOR, b, is_org_admin=True),
        LINK_WORKER: make_user(db, "link.worker@example.org", Role.LINK_WORKER),
        COORDINATOR: make_user(db, "coordinator@example.org", Role.COORDINATOR),
        TEAM_MEMBER: make_user(db, "team.member@example.org", Role.LINK_WORKER),
        NON_MEMBER: make_user(db, "non.member@example.org", Role.LINK_WORKER),
    }
    world = World(
        organisation_a=a,
        organisation_b=b,
        actors=actors,
        colleague_a=make_user(db, "colleague.a@example.org", Role.ORG_EDITOR, a),
        other_staff=make_user(db, "other.worker@example.org", Role.LINK_WORKER),
        invitation_a=make_invitation(db, "new.a@example.org", Role.ORG_EDITOR, a, actors[EDITOR_A])[0],
        invitation_b=make_invitation(db, "new.b@example.org", Role.ORG_EDITOR, b, actors[EDITOR_B])[0],
    )
    for arrange in ARRANGE:
        arrange(db, world)
    db.commit()
    return world


@dataclass(frozen=True)
class Row:
    endpoint: str
    path: Callable[[World], str]
    expect: dict[str, str]
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] = lambda _world: {}


def expect(ok: str, allowed: tuple[str, ...], **overrides: str) -> dict[str, str]:
    """`ok` for the allowed actors, 403 for other signed-in actors, sign-in for anonymous;
    `overrides` by actor key (editor_a, editor_b, link_worker, coordinator, team_member,
    non_member). Team members and non-members get what the link worker gets unless told."""
    names = {"editor_a": EDITOR_A, "editor_b": EDITOR_B, "link_worker": LINK_WORKER, "coordinator": COORDINATOR}
    teams = {"team_member": TEAM_MEMBER, "non_member": NON_MEMBER}
    outcomes = {actor: ok if actor in allowed else "403" for actor in ACTORS}
    outcomes[ANONYMOUS] = SIGN_IN
    outcomes.update({names[key]: value for key, value in overrides.items() if key in names})
    outcomes[TEAM_MEMBER] = outcomes[NON_MEMBER] = outcomes[LINK_WORKER]
    outcomes.update({teams[key]: value for key, value in overrides.items() if key in teams})
    return outcomes


SIGNED_IN = (EDITOR_A, EDITOR_B, LINK_WORKER, COORDINATOR)
EDITORS = (EDITOR_A, EDITOR_B)
ONLY_COORDINATOR = (COORDINATOR,)


def _fixed(path: str) -> Callable[[World], str]:
    return lambda _world: path


ACCOUNTS_ROWS = [
    Row("accounts.dashboard", _fixed("/en/dashboard"), expect("200", SIGNED_IN)),
    Row("accounts.account", _fixed("/en/account"), expect("200", SIGNED_IN)),
    Row("accounts.change_password", _fixed("/en/account/password"), expect("200", SIGNED_IN)),
    Row("accounts.confirm_identity", _fixed("/en/account/confirm-it-is-you"), expect("200", SIGNED_IN)),
    Row("accounts.change_authenticator", _fixed("/en/account/authenticator"), expect(CONFIRM, SIGNED_IN)),
    Row("accounts.create_recovery_codes", _fixed("/en/account/recovery-codes"), expect(CONFIRM, SIGNED_IN)),
    Row("accounts.turn_off_mfa", _fixed("/en/account/turn-off-two-step-verification"), expect(CONFIRM, SIGNED_IN)),
    Row("accounts.change_email", _fixed("/en/account/email"), expect(CONFIRM, SIGNED_IN)),
    Row("accounts.sign_out_everywhere", _fixed("/en/account/sign-out-everywhere"), expect("303", SIGNED_IN), "POST"),
    Row("accounts.stay_signed_in", _fixed("/en/stay-signed-in"), expect("303", SIGNED_IN), "POST"),
    Row("accounts.list_users", _fixed("/en/users"), expect("200", ONLY_COORDINATOR)),
    Row("accounts.invite_user", _fixed("/en/users/invite"), expect("200", ONLY_COORDINATOR)),
    Row("accounts.show_user", lambda w: f"/en/users/{w.other_staff.id}", expect("200", ONLY_COORDINATOR)),
    Row(
        "accounts.disable_user",
        lambda w: f"/en/users/{w.other_staff.id}/disable",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "accounts.enable_user",
        lambda w: f"/en/users/{w.other_staff.id}/enable",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "accounts.reset_user_mfa",
        lambda w: f"/en/users/{w.other_staff.id}/reset-two-step-verification",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "accounts.sign_out_user",
        lambda w: f"/en/users/{w.other_staff.id}/sign-out-everywhere",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "accounts.withdraw_invitation",
        lambda w: f"/en/invitations/{w.invitation_b.id}/withdraw",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row("accounts.team", _fixed("/en/team"), expect("200", EDITORS)),
    Row("accounts.invite_colleague", _fixed("/en/team/invite"), expect("200", EDITORS)),
    Row(
        "accounts.remove_colleague",
        lambda w: f"/en/team/{w.colleague_a.id}/remove",
        expect("303", (EDITOR_A,), editor_b="404"),
        "POST",
    ),
    Row(
        "accounts.withdraw_colleague_invitation",
        lambda w: f"/en/team/invitations/{w.invitation_a.id}/withdraw",
        expect("303", (EDITOR_A,), editor_b="404"),
        "POST",
    ),
    Row("accounts.show_audit_log", _fixed("/en/audit-log"), expect("200", ONLY_COORDINATOR)),
    Row("accounts.export_audit_log", _fixed("/en/audit-log/export.csv"), expect("200", ONLY_COORDINATOR)),
]

STAFF = (LINK_WORKER, COORDINATOR)


def _arrange_triage(db: Session, world: World) -> None:
    from tests.triage_helpers import make_unsaved_referral

    world.extras["db"] = db
    world.extras["waiting"] = make_unsaved_referral(db)
    world.extras["held"] = make_unsaved_referral(
        db, holder_id=world.other_staff.id, status="in_triage", possible_spam=True
    )


ARRANGE.append(_arrange_triage)


def _held(action: str = "") -> Callable[[World], str]:
    return lambda w: f"/en/triage/referrals/{w.extras['held'].reference}" + (f"/{action}" if action else "")


def _versioned(**data: str) -> Callable[[World], dict[str, Any]]:
    def with_version(world: World) -> dict[str, Any]:
        held = world.extras["held"]
        world.extras["db"].refresh(held)
        return {"version": str(held.version), **data}

    return with_version


TRIAGE_ROWS = [
    Row("triage.show_queue", _fixed("/en/triage"), expect("200", STAFF)),
    Row("triage.show_caseload", _fixed("/en/triage/caseload"), expect("200", STAFF)),
    Row("triage.show_referral", _held(), expect("200", STAFF)),
    Row(
        "triage.take_referral",
        lambda w: f"/en/triage/referrals/{w.extras['waiting'].reference}/take",
        expect("303", STAFF),
        "POST",
    ),
    Row("triage.take_next_referral", _fixed("/en/triage/take-next"), expect("303", STAFF), "POST"),
    Row(
        "triage.record_contact_attempt",
        _held("contact-attempts"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(method="phone", outcome="no_answer"),
    ),
    Row(
        "triage.add_note",
        _held("notes"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(body="A note"),
    ),
    Row(
        "triage.change_status",
        _held("status"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(status="in_support"),
    ),
    Row(
        "triage.change_urgent",
        _held("urgent"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(urgent="yes"),
    ),
    Row(
        "triage.mark_not_spam",
        _held("not-spam"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(),
    ),
    Row(
        "triage.raise_safeguarding",
        _held("safeguarding"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(concern="Concern", escalated_to="Duty lead"),
    ),
    Row(
        "triage.reassign_referral",
        _held("reassign"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"holder": ""},
    ),
    Row("triage.show_what_matters", _held("what-matters"), expect("200", STAFF)),
    Row("triage.show_plan", _held("plan"), expect("200", STAFF)),
    Row(
        "triage.save_assessment",
        _held("assessment"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(needs="Meeting people"),
    ),
    Row(
        "triage.save_plan",
        _held("plan"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(goals="Out twice a week"),
    ),
    Row(
        "triage.add_plan_action",
        _held("plan/actions"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(what="Lunch club", who="Sam"),
    ),
    Row(
        "triage.record_wellbeing",
        _held("wellbeing-scores"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(stage="baseline", life_satisfaction="5", worthwhile="5", happiness="5", anxiety="5"),
    ),
    Row("triage.show_connect", _held("connect"), expect("200", STAFF)),
    Row(
        "triage.suggest_listings",
        _held("suggestions"),
        expect("200", ONLY_COORDINATOR, link_worker="403"),  # nothing chosen: the page again
        "POST",
        _versioned(),
    ),
    Row(
        "triage.send_suggestions",
        _held("suggestions/send"),
        expect("200", ONLY_COORDINATOR, link_worker="403"),  # no consent on the held referral
        "POST",
        _versioned(channel="sms"),
    ),
    # Last: closing ends every change.
    Row(
        "triage.close_referral",
        _held("close"),
        expect("303", ONLY_COORDINATOR, link_worker="403"),
        "POST",
        _versioned(reason="duplicate"),
    ),
]

# Each feature adds its rows here.
MATRIX: list[Row] = [*ACCOUNTS_ROWS, *TRIAGE_ROWS]


def sign_in_with_pages(
    client: PageClient, email: str, password: str = PASSWORD, code: str | None = None, next_path: str | None = None
) -> Any:
    """Sign in through the real pages, as a person would; returns the last response's Page."""
    url = "/en/sign-in" + (f"?next={next_path}" if next_path else "")
    page = client.get(url)
    after_password = client.submit(page, url, {"email": email, "password": password}, expected_status=303)
    if code is None:
        return after_password
    code_page = client.follow(after_password)
    return client.submit(code_page, "/en/sign-in/code", {"code": code}, expected_status=303)


# Features' rows (imported last: they extend MATRIX and ARRANGE above).
from tests import (  # noqa: E402,F401
    data_protection_authz,
    followups_authz,
    gp_record_authz,
    organisations_authz,
    reports_authz,
    teams_authz,
)
