"""The organisations feature's rows in the authorisation matrix: an editor of organisation A
reaches A's listings, revisions and problems; an editor of B gets 404 for all of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.directory.models import Category
from portal.organisations.models import GroupReferral, JoinRequest, ListingRevision, ProblemKind, ProblemReport
from tests.authz import (
    ARRANGE,
    COORDINATOR,
    EDITOR_A,
    EDITORS,
    LINK_WORKER,
    MATRIX,
    ONLY_COORDINATOR,
    Row,
    World,
    expect,
)
from tests.organisations_helpers import published_listing, referral, waiting_revision

OWN_OR_COORDINATOR = (EDITOR_A, COORDINATOR)


def arrange(db: Session, world: World) -> None:
    listing = published_listing(db, world.organisation_a, "A's walk")
    approved = db.scalar(select(ListingRevision).where(ListingRevision.listing_id == listing.id))
    problem = ProblemReport(listing_id=listing.id, kind=ProblemKind.OTHER)
    request = JoinRequest(organisation_name="New Group", contact_name="Sam", email="sam@example.org")
    person = referral(db)
    person.holder_id, person.status = world.other_staff.id, "in_triage"  # held by someone else
    sent = GroupReferral(
        referral_id=person.id,
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        person_name="Sam Jones",
        preferred_contact="07911 123456",
        consent_recorded_at=utcnow(),
    )
    db.add_all([problem, request, sent])
    db.commit()
    world.extras.update(
        listing_a=listing.id,
        approved_a=approved.id if approved else 0,
        waiting_a=waiting_revision(db, listing, name="A's walk, changed").id,
        problem_a=problem.id,
        request=request.id,
        referral=person.id,
        group_referral_a=sent.id,
        category=db.scalar(select(Category.id).where(Category.code == "walking")),
    )


def _listing(suffix: str = "") -> object:
    return lambda w: f"/en/organisation/listings/{w.extras['listing_a']}{suffix}"


STAFF = (LINK_WORKER, COORDINATOR)

ROWS = [
    Row(
        "organisations.refer_to_group",
        lambda w: f"/en/referrals/{w.extras['referral']}/refer-to-a-group",
        expect("200", STAFF),
    ),
    Row(
        "organisations.refer_to_group",
        lambda w: f"/en/referrals/{w.extras['referral']}/refer-to-a-group",
        expect("303", ONLY_COORDINATOR, link_worker="403"),  # another link worker holds it
        "POST",
        lambda w: {"listing": str(w.extras["listing_a"]), "contact": "07911 123456", "consent": "y"},
    ),
    Row("organisations.list_group_referrals", lambda _w: "/en/organisation/referrals", expect("200", EDITORS)),
    Row(
        "organisations.update_group_referral",
        lambda w: f"/en/organisation/referrals/{w.extras['group_referral_a']}",
        expect("200", (EDITOR_A,), editor_b="404"),
    ),
    Row(
        "organisations.update_group_referral",
        lambda w: f"/en/organisation/referrals/{w.extras['group_referral_a']}",
        expect("303", (EDITOR_A,), editor_b="404"),
        "POST",
        lambda _w: {"status": "accepted"},
    ),
    Row("organisations.show_dashboard", lambda _w: "/en/organisation", expect("200", EDITORS)),
    Row("organisations.create_listing", lambda _w: "/en/organisation/listings/new", expect("200", EDITORS)),
    Row("organisations.edit_listing", _listing("/edit"), expect("200", OWN_OR_COORDINATOR, editor_b="404")),  # type: ignore[arg-type]
    Row(
        "organisations.edit_new_listing_section",
        lambda _w: "/en/organisation/listings/new/when",
        expect("200", EDITORS),
    ),
    Row(
        "organisations.preview_new_listing",
        lambda _w: "/en/organisation/listings/new/preview",
        expect("404", EDITORS),  # nothing written yet
    ),
    Row(
        "organisations.edit_listing_section",
        _listing("/edit/contact"),  # type: ignore[arg-type]
        expect("200", OWN_OR_COORDINATOR, editor_b="404"),
    ),
    Row(
        "organisations.edit_listing_section",
        _listing("/edit/contact"),  # type: ignore[arg-type]
        expect("303", OWN_OR_COORDINATOR, editor_b="404"),
        "POST",
        lambda _w: {"phone": "0113 496 0000"},
    ),
    Row("organisations.preview_listing", _listing("/preview"), expect("200", OWN_OR_COORDINATOR, editor_b="404")),  # type: ignore[arg-type]
    Row(
        "organisations.check_listing_field",
        lambda _w: "/en/organisation/listings/check-field?field=name",
        expect("200", (*EDITORS, COORDINATOR)),
        "POST",
    ),
    Row("organisations.change_listing_status", _listing("/status"), expect("200", (EDITOR_A,), editor_b="404")),  # type: ignore[arg-type]
    Row(
        "organisations.mark_still_correct",
        _listing("/still-correct"),  # type: ignore[arg-type]
        expect("303", (EDITOR_A,), editor_b="404"),
        "POST",
    ),
    Row("organisations.show_listing_history", _listing("/history"), expect("200", OWN_OR_COORDINATOR, editor_b="404")),  # type: ignore[arg-type]
    Row(
        "organisations.show_revision",
        lambda w: f"/en/organisation/revisions/{w.extras['waiting_a']}",
        expect("200", OWN_OR_COORDINATOR, editor_b="404"),
    ),
    Row(
        "organisations.restore_revision",
        lambda w: f"/en/organisation/revisions/{w.extras['approved_a']}/restore",
        expect("303", OWN_OR_COORDINATOR, editor_b="404"),
        "POST",
    ),
    Row(
        "organisations.list_requests",
        lambda _w: "/en/coordinator/organisation-requests",
        expect("200", ONLY_COORDINATOR),
    ),
    Row(
        "organisations.decide_request",
        lambda w: f"/en/coordinator/organisation-requests/{w.extras['request']}",
        expect("200", ONLY_COORDINATOR),
    ),
    Row("organisations.list_moderation", lambda _w: "/en/coordinator/moderation", expect("200", ONLY_COORDINATOR)),
    Row(
        "organisations.moderate_revision",
        lambda w: f"/en/coordinator/moderation/{w.extras['waiting_a']}",
        expect("200", ONLY_COORDINATOR),
    ),
    Row(
        "organisations.list_organisations", lambda _w: "/en/coordinator/organisations", expect("200", ONLY_COORDINATOR)
    ),
    Row(
        "organisations.set_trusted",
        lambda w: f"/en/coordinator/organisations/{w.organisation_a.id}/trusted",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "organisations.show_stale_report", lambda _w: "/en/coordinator/stale-listings", expect("200", ONLY_COORDINATOR)
    ),
    Row("organisations.export_listings", lambda _w: "/en/coordinator/listings.csv", expect("200", ONLY_COORDINATOR)),
    Row("organisations.import_listings", lambda _w: "/en/coordinator/listings/import", expect("200", ONLY_COORDINATOR)),
    Row("organisations.list_problems", lambda _w: "/en/coordinator/problems", expect("200", ONLY_COORDINATOR)),
    Row(
        "organisations.resolve_reported_problem",
        lambda w: f"/en/organisation/problems/{w.extras['problem_a']}/resolve",
        expect("303", (EDITOR_A,), editor_b="404"),
        "POST",
    ),
    Row(
        "organisations.resolve_problem",
        lambda w: f"/en/coordinator/problems/{w.extras['problem_a']}/resolve",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
]


def _category(suffix: str = "") -> object:
    return lambda w: f"/en/coordinator/categories/{w.extras['category']}{suffix}"


CATEGORY_ROWS = [
    Row("organisations.list_categories", lambda _w: "/en/coordinator/categories", expect("200", ONLY_COORDINATOR)),
    Row("organisations.add_category", lambda _w: "/en/coordinator/categories/new", expect("200", ONLY_COORDINATOR)),
    Row(
        "organisations.add_category",
        lambda _w: "/en/coordinator/categories/new",
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"label_en": "Sea swimming", "synonyms_en": "swim, sea, cold water"},
    ),
    Row("organisations.edit_category", _category(), expect("200", ONLY_COORDINATOR)),  # type: ignore[arg-type]
    Row(
        "organisations.edit_category",
        _category(),  # type: ignore[arg-type]
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"label_en": "Walking, rambling and outdoors", "synonyms_en": "walk, ramble"},
    ),
    Row("organisations.retire_category", _category("/retire"), expect("303", ONLY_COORDINATOR), "POST"),  # type: ignore[arg-type]
    Row("organisations.restore_category", _category("/restore"), expect("303", ONLY_COORDINATOR), "POST"),  # type: ignore[arg-type]
]

MATRIX.extend(ROWS)
MATRIX.extend(CATEGORY_ROWS)
ARRANGE.append(arrange)
