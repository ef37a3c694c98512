"""The triage queue: link workers share every self-referral and call back request, take them
one at a time, and record their work with each person on the case page.

Other features use `portal.triage.timing` for working-day time limits.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from portal import clock
from portal.accounts.audit.read import add_audit_actions
from portal.accounts.models import STAFF_ROLES
from portal.accounts.navigation import StaffLink, add_staff_link
from portal.i18n import _l
from portal.referrals.models import Referral
from portal.web.templating import register_template_helpers

DEFAULTS: dict[str, Any] = {
    # Working days to first contact; a self-referral without an entry uses the scheme's promise.
    "TRIAGE_TIME_LIMITS": {"callback": 1, "possible_spam": 5},
    "TRIAGE_CLOSURE_DAYS": (),  # ISO dates, e.g. ("2026-12-29", "2026-12-30")
    "TRIAGE_REFRESH_SECONDS": 30,
    "TRIAGE_PAGE_SIZE": 25,
}

AUDIT_ACTIONS = {
    "triage.queue_viewed": _l("Looked at the triage queue"),
    "triage.caseload_viewed": _l("Looked at a caseload"),
    "triage.referral_viewed": _l("Looked at a referral"),
    "triage.referral_taken": _l("Took a referral"),
    "triage.referral_reassigned": _l("Passed a referral to someone else"),
    "triage.contact_recorded": _l("Recorded a contact attempt"),
    "triage.note_added": _l("Added a note"),
    "triage.status_changed": _l("Changed a referral's status"),
    "triage.referral_closed": _l("Closed a referral"),
    "triage.urgent_changed": _l("Changed whether a referral is urgent"),
    "triage.spam_cleared": _l("Marked a referral as not spam"),
    "triage.safeguarding_raised": _l("Raised a safeguarding concern"),
    "triage.safeguarding_viewed": _l("Looked at a referral with a safeguarding concern"),
    "triage.stale_edit_refused": _l("An edit made on an old copy was refused"),
    "triage.what_matters_viewed": _l("Looked at what matters to a person"),
    "triage.plan_viewed": _l("Looked at a wellbeing plan"),
    "triage.assessment_saved": _l("Saved what matters to a person"),
    "triage.plan_saved": _l("Saved a wellbeing plan"),
    "triage.plan_action_added": _l("Added an action to a wellbeing plan"),
    "triage.wellbeing_recorded": _l("Recorded wellbeing scores"),
    "triage.connect_viewed": _l("Looked for groups and services for a person"),
    "triage.listings_suggested": _l("Suggested groups and services to a person"),
    "triage.suggestions_sent": _l("Sent suggested groups and services to a person"),
}


def set_due_time(_mapper: Mapper[Any], connection: Connection, referral: Referral) -> None:
    """Every new referral is routed to a team and gets its due time, by that team's promise,
    whichever journey or loader created it."""
    from portal.teams.routing import route_on_insert
    from portal.triage import timing

    if not has_app_context():
        return
    referral.submitted_at = referral.submitted_at or clock.now()
    promise = route_on_insert(connection, referral, timing.calendar().local_date(referral.submitted_at))
    if referral.due_at is None:
        referral.due_at = timing.due_at_for(referral, referral.submitted_at, promise)


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    if not event.contains(Referral, "before_insert", set_due_time):
        event.listen(Referral, "before_insert", set_due_time)
    add_audit_actions(app, AUDIT_ACTIONS)
    from portal.triage import record_sources
    from portal.triage.pages import exact_time, relative_time, timeliness_tag

    record_sources.init_app(app)
    register_template_helpers(
        app, globals={"exact_time": exact_time, "relative_time": relative_time, "timeliness_tag": timeliness_tag}
    )
    add_staff_link(
        app,
        StaffLink(
            "triage.show_queue", _l("Referrals"), _l("New self-referrals and call back requests."), STAFF_ROLES, 10
        ),
    )
    add_staff_link(
        app,
        StaffLink("triage.show_caseload", _l("Caseload"), _l("Open cases and their next reviews."), STAFF_ROLES, 20),
    )
    _add_overdue_count(app)


def _add_overdue_count(app: Flask) -> None:
    """The coordinator's home page: referrals past their time limit, linking to the queue."""
    from flask_babel import ngettext

    from portal import clock
    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffCount, add_staff_count
    from portal.triage.queries import count_overdue

    def words(number: int) -> str:
        return str(ngettext("%(num)d referral overdue", "%(num)d referrals overdue", number))

    add_staff_count(
        app, StaffCount("triage.show_queue", words, {Role.COORDINATOR}, lambda: count_overdue(clock.now()), 40)
    )
