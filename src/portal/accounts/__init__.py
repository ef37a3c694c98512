"""Staff and organisation accounts: sign-in with two-step verification, roles, invitations,
password resets, and the audit log.

Other features use:
- `portal.accounts.access`: `staff_required`, `coordinator_required`, `org_editor_required`,
  `org_admin_required`, `signed_in_required`, `roles_required(...)`, `require_same_organisation`;
- `portal.accounts.audit.record.record_event(action, subject_type, subject_id, detail)`;
- `portal.accounts.navigation.add_staff_link(app, StaffLink(...))` for the staff navigation;
- `portal.accounts.audit.read.add_audit_actions(app, {...})` to name their audit actions;
- `portal.accounts.sessions.passive` for polls that must not keep a session alive;
- `templates/layouts/staff.html` for their pages.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts import cli, passwords
from portal.accounts.access import signed_in_user
from portal.accounts.audit import record as audit_record
from portal.accounts.audit.read import describe_action, local_time, zone_name
from portal.accounts.forms import ROLE_NAMES
from portal.accounts.models import STAFF_ROLES, Role, User
from portal.accounts.navigation import StaffLink, add_staff_link, staff_link_groups, staff_links_for
from portal.accounts.sessions import end_session, load_user
from portal.extensions import login_manager
from portal.i18n import _l
from portal.web.exit import on_exit
from portal.web.htmx import is_htmx
from portal.web.templating import register_template_helpers

DEFAULTS: dict[str, Any] = {
    "ACCOUNTS_IDLE_TIMEOUT": timedelta(minutes=30),
    "ACCOUNTS_ABSOLUTE_TIMEOUT": timedelta(hours=12),
    "ACCOUNTS_TIMEOUT_WARNING": timedelta(minutes=5),
    "ACCOUNTS_PENDING_SIGN_IN": timedelta(minutes=10),
    "ACCOUNTS_REAUTHENTICATION_VALID_FOR": timedelta(minutes=10),
    "ACCOUNTS_INVITATION_VALID_FOR": timedelta(days=7),
    "ACCOUNTS_RESET_VALID_FOR": timedelta(hours=1),
    # Failed attempts only; several windows make the wait grow. ASVS 2.2.1: at most 100 an hour.
    "ACCOUNTS_SIGN_IN_LIMIT_PER_ACCOUNT": "5 per minute;20 per hour;100 per day",
    # Much higher: a GP surgery, a council or a mobile network puts many people behind one
    # address, and one person's mistakes (or someone on the same wifi) must not shut the others
    # out. It only stops one address trying a great many accounts.
    "ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS": "100 per minute;1000 per hour",
    "ACCOUNTS_CODE_LIMIT_PER_ACCOUNT": "5 per minute;20 per hour;100 per day",
    "ACCOUNTS_RESET_LIMIT_PER_ACCOUNT": "3 per hour;10 per day",
    "ACCOUNTS_RESET_LIMIT_PER_ADDRESS": "10 per hour;50 per day",
}

TIMEOUT_MESSAGES = {
    "idle": _l("You were signed out because you had not done anything for 30 minutes. Sign in again to continue."),
    "absolute": _l("You were signed out because you had been signed in for 12 hours. Sign in again to continue."),
}


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    passwords.init_app(app, testing=app.config["SETTINGS"].env == "test")
    _init_login_manager(app)
    audit_record.init_app(app)
    with app.app_context():
        on_exit(_end_session_on_exit)
    _add_links(app)
    register_template_helpers(
        app,
        globals={
            "signed_in_user": signed_in_user,
            "staff_links_for": staff_links_for,
            "staff_link_groups": staff_link_groups,
            "role_name": role_name,
            "role_names": ROLE_NAMES,
            "password_hint": password_hint,
            "describe_action": describe_action,
            "local_time": local_time,
            "zone_name": zone_name,
        },
    )
    cli.init_app(app)


def _end_session_on_exit() -> None:
    """Exit this page forgets the browser's session; the signed-in session ends with it."""
    if signed_in_user() is not None:
        end_session("exit")


def role_name(user: User) -> str:
    return str(ROLE_NAMES[Role(user.role)])


def password_hint() -> str:
    return str(
        _(
            "Use at least %(count)s characters. Three or four everyday words together are easy to remember "
            "and hard to guess.",
            count=passwords.MIN_LENGTH,
        )
    )


def _init_login_manager(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # our own session ids do this job
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_send_to_sign_in)


def _send_to_sign_in() -> Response:
    """Not signed in (or no longer): to the sign-in page, and back here afterwards."""
    reason = g.get("session_ended_because")
    if reason in TIMEOUT_MESSAGES:
        flash(str(TIMEOUT_MESSAGES[reason]))
    next_url = request.full_path.rstrip("?") if request.method == "GET" and not is_htmx() else None
    target = url_for("accounts.sign_in", next=next_url)
    if is_htmx():
        response = Response(status=204, mimetype="text/plain")
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _add_links(app: Flask) -> None:
    everyone = frozenset(Role)
    add_staff_link(app, StaffLink("accounts.dashboard", _l("Home"), _l("What you can do here."), everyone, 0))
    add_staff_link(
        app,
        StaffLink(
            "accounts.list_users", _l("People"), _l("Invite people, and manage their accounts."), {Role.COORDINATOR}, 80
        ),
    )
    add_staff_link(
        app,
        StaffLink(
            "accounts.show_audit_log",
            _l("Audit log"),
            _l("Who looked at or changed what, and when."),
            {Role.COORDINATOR},
            90,
        ),
    )
    add_staff_link(
        app,
        StaffLink(
            "accounts.team",
            _l("Your team"),
            _l("Invite colleagues from your organisation, or remove them."),
            {Role.ORG_EDITOR},
            80,
            shown_if=lambda user: user.is_org_admin,
        ),
    )


__all__ = ["STAFF_ROLES", "init_app"]
