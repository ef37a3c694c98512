"""Who may use each staff and organisation route.

Decorate every non-public view with one of these. Each one marks the view for
`tests/test_route_access.py`, sends `Cache-Control: no-store`, sends people who are not signed
in to the sign-in page (coming back afterwards), and refuses a signed-in person without the
role with a 403 page and an audit event. Inside a view, `require_same_organisation` keeps
organisation editors to their own organisation's records.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, request
from flask_login import current_user

from portal.accounts.audit.record import record_event
from portal.accounts.models import STAFF_ROLES, Role, User
from portal.extensions import login_manager
from portal.web.access import mark_access
from portal.web.caching import no_store

View = TypeVar("View", bound=Callable[..., Any])


def signed_in_user() -> User | None:
    return cast(User, current_user) if current_user.is_authenticated else None


def signed_in() -> User:
    """The signed-in user, in views already guarded by one of the decorators below."""
    user = signed_in_user()
    assert user is not None
    return user


def refuse_access(status: int = 403) -> None:
    """Record the refusal (it survives the error response) and stop the request."""
    record_event(
        "access.refused",
        detail={"endpoint": request.endpoint, "path": request.path, "method": request.method, "status": status},
        commit_now=True,
    )
    abort(status)


def _guard(access: str, allowed: Callable[[User], bool]) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = signed_in_user()
            if user is None:
                return login_manager.unauthorized()
            if not allowed(user):
                refuse_access()
            return view(*args, **kwargs)

        return mark_access(cast(View, no_store(guarded)), access)

    return decorate


def roles_required(*roles: Role, access: str | None = None) -> Callable[[View], View]:
    wanted: Collection[Role] = frozenset(roles)
    return _guard(access or "+".join(sorted(roles)), lambda user: Role(user.role) in wanted)


signed_in_required = _guard("signed_in", lambda _user: True)
staff_required = roles_required(*STAFF_ROLES, access="staff")
coordinator_required = roles_required(Role.COORDINATOR, access="coordinator")
org_editor_required = roles_required(Role.ORG_EDITOR, access="org_editor")
org_admin_required = _guard(
    "org_admin", lambda user: Role(user.role) == Role.ORG_EDITOR and user.is_org_admin and bool(user.organisation_id)
)


def require_same_organisation(organisation_id: int | None) -> None:
    """Call in a view before showing or changing an organisation's record. Organisation
    editors of another organisation get 404 (they learn nothing about the record); staff
    (link workers and coordinators) may reach every organisation's records."""
    user = signed_in_user()
    if user is None:
        abort(404)
    if Role(user.role) in STAFF_ROLES:
        return
    if organisation_id is None or user.organisation_id != organisation_id:
        refuse_access(404)
