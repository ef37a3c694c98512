"""The followups feature's rows in the authorisation matrix: only the case's holder or a
coordinator chases, cancels or refers elsewhere; an editor of organisation B gets 404 for
A's listing space; only coordinators set an organisation's answer time."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.organisations.models import GroupReferral
from tests import organisations_authz  # noqa: F401 (arranges the listing and the referral used here first)
from tests.authz import (
    ARRANGE,
    COORDINATOR,
    EDITOR_A,
    LINK_WORKER,
    MATRIX,
    ONLY_COORDINATOR,
    Row,
    World,
    expect,
)

STAFF = (LINK_WORKER, COORDINATOR)
OWN_OR_COORDINATOR = (EDITOR_A, COORDINATOR)
ENDPOINTS = {
    "chase": "followups.chase_group",
    "cancel": "followups.cancel_group_referral",
    "refer-elsewhere": "followups.refer_elsewhere",
}


def arrange(db: Session, world: World) -> None:
    """One waiting referral to A's group per action, on a case another link worker holds."""
    for action in ENDPOINTS:
        waiting = GroupReferral(
            referral_id=world.extras["referral"],
            listing_id=world.extras["listing_a"],
            organisation_id=world.organisation_a.id,
            person_name="Sam Jones",
            preferred_contact="07911 123456",
            consent_recorded_at=utcnow(),
        )
        db.add(waiting)
        db.flush()
        world.extras[f"group_referral_to_{action}"] = waiting.id
    db.commit()


def _action(action: str) -> Row:
    return Row(
        ENDPOINTS[action],
        lambda w: f"/en/group-referrals/{w.extras[f'group_referral_to_{action}']}/{action}",
        expect("303", ONLY_COORDINATOR, link_worker="403"),  # another link worker holds the case
        "POST",
    )


ROWS = [
    *(_action(action) for action in ENDPOINTS),
    Row("followups.list_not_heard_from", lambda _w: "/en/triage/not-heard-from", expect("200", STAFF)),
    Row(
        "followups.change_answer_time",
        lambda w: f"/en/coordinator/organisations/{w.organisation_a.id}/answer-time",
        expect("200", ONLY_COORDINATOR),
    ),
    Row(
        "followups.change_answer_time",
        lambda w: f"/en/coordinator/organisations/{w.organisation_a.id}/answer-time",
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"working_days": "3"},
    ),
    Row(
        "organisations.change_listing_space",
        lambda w: f"/en/organisation/listings/{w.extras['listing_a']}/space",
        expect("200", OWN_OR_COORDINATOR, editor_b="404"),
    ),
    Row(
        "organisations.change_listing_space",
        lambda w: f"/en/organisation/listings/{w.extras['listing_a']}/space",
        expect("303", OWN_OR_COORDINATOR, editor_b="404"),
        "POST",
        lambda _w: {"capacity": "waiting_list"},
    ),
]

MATRIX.extend(ROWS)
ARRANGE.append(arrange)
