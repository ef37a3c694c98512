"""Moderation and revision history. Every edit is a `ListingRevision` (a snapshot); the
public keeps seeing the published listing until a coordinator approves a revision, or at
once when the organisation is trusted (still logged, so it shows in the moderation log)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session, utcnow
from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations.models import ListingRevision, Organisation, OrganisationStatus, RevisionState

# What a person edits; `last_checked_at` moves on its own and is not a change to review.
IGNORED_IN_DIFF = ("last_checked_at",)


class RevisionProblem(Exception):
    pass


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[FieldChange]:
    """Field by field, in the snapshot's order; lists of rows compare as wholes."""
    before = before or {}
    return [
        FieldChange(name, before.get(name), value)
        for name, value in after.items()
        if name not in IGNORED_IN_DIFF and before.get(name) != value
    ]


def published_snapshot(listing_id: int | None) -> dict[str, Any] | None:
    listing = session.get(Listing, listing_id) if listing_id else None
    return listing_to_dict(listing) if listing else None


def submit(organisation: Organisation, snapshot: dict[str, Any], author: User, listing_id: int | None = None,
           *, restored_from: ListingRevision | None = None) -> ListingRevision:  # fmt: skip
    """Send an edit for review; a trusted organisation's edit publishes at once."""
    revision = ListingRevision(
        organisation_id=organisation.id,
        listing_id=listing_id,
        snapshot=snapshot,
        author_id=author.id,
        state=RevisionState.EDITING,
        restored_from_id=restored_from.id if restored_from else None,
    )
    session.add(revision)
    return send_draft(organisation, revision, author)


def send_draft(organisation: Organisation, revision: ListingRevision, author: User) -> ListingRevision:
    """The editor's draft goes for review as it is (the same row, so its history starts there)."""
    _withdraw_waiting(organisation.id, revision.listing_id)
    revision.state, revision.created_at = RevisionState.WAITING, utcnow()
    session.flush()
    record_event("listing_revision.submitted", "listing_revision", revision.id, {"listing_id": revision.listing_id})
    if organisation.trusted and organisation.status == OrganisationStatus.APPROVED:
        _publish(revision, author, "listing_revision.published_trusted")
    return revision


def editing_draft(organisation_id: int, listing_id: int | None, author: User) -> ListingRevision | None:
    """The author's unsent draft of a listing (of a new listing when `listing_id` is None)."""
    same_listing = ListingRevision.listing_id == listing_id if listing_id else ListingRevision.listing_id.is_(None)
    return session.scalars(
        select(ListingRevision)
        .where(
            ListingRevision.organisation_id == organisation_id,
            same_listing,
            ListingRevision.author_id == author.id,
            ListingRevision.state == RevisionState.EDITING,
        )
        .order_by(ListingRevision.id.desc())
    ).first()


def save_draft(organisation_id: int, listing_id: int | None, author: User, snapshot: dict[str, Any]) -> ListingRevision:
    """Keep a section's answers in the author's draft; nobody else sees it until it is sent."""
    draft = editing_draft(organisation_id, listing_id, author)
    if draft is None:
        draft = ListingRevision(
            organisation_id=organisation_id, listing_id=listing_id, author_id=author.id, state=RevisionState.EDITING
        )
        session.add(draft)
    draft.snapshot = snapshot
    session.flush()
    return draft


def _withdraw_waiting(organisation_id: int, listing_id: int | None) -> None:
    """A newer edit replaces one still waiting for the same listing."""
    if listing_id is None:
        return
    waiting = session.scalars(
        select(ListingRevision).where(
            ListingRevision.listing_id == listing_id, ListingRevision.state == RevisionState.WAITING
        )
    )
    for revision in waiting:
        revision.state = RevisionState.DRAFT


def approve(revision: ListingRevision, coordinator: User) -> Listing:
    if revision.state != RevisionState.WAITING:
        raise RevisionProblem("not waiting")
    return _publish(revision, coordinator, "listing_revision.approved")


def send_back(revision: ListingRevision, coordinator: User, reason: str) -> None:
    if revision.state != RevisionState.WAITING:
        raise RevisionProblem("not waiting")
    revision.state, revision.reason = RevisionState.SENT_BACK, reason
    revision.decided_by_id, revision.decided_at = coordinator.id, utcnow()
    record_event("listing_revision.sent_back", "listing_revision", revision.id, {"reason": reason})


def restore(earlier: ListingRevision, author: User) -> ListingRevision:
    """Restoring makes a new revision with the earlier content; it is reviewed like any edit."""
    if earlier.listing_id is None or earlier.state not in (RevisionState.APPROVED, RevisionState.RESTORED):
        raise RevisionProblem("only published versions can be restored")
    organisation = session.get(Organisation, earlier.organisation_id)
    assert organisation is not None
    return submit(organisation, dict(earlier.snapshot), author, earlier.listing_id, restored_from=earlier)


def _publish(revision: ListingRevision, by: User, action: str) -> Listing:
    listing = session.get(Listing, revision.listing_id) if revision.listing_id else None
    snapshot = {**revision.snapshot, "last_checked_at": utcnow().isoformat()}
    published = publish_listing(session, revision.organisation_id, snapshot, listing)
    revision.listing_id = published.id
    revision.state = RevisionState.RESTORED if revision.restored_from_id else RevisionState.APPROVED
    revision.decided_by_id, revision.decided_at = by.id, utcnow()
    record_event(action, "listing_revision", revision.id, {"listing_id": published.id})
    return published


def record_published(listing: Listing, by: User) -> ListingRevision:
    """A change published without moderation (a coordinator's import, an editor's change of
    status) still leaves an approved revision, so the listing's history stays whole."""
    revision = ListingRevision(
        organisation_id=listing.organisation_id,
        listing_id=listing.id,
        snapshot=listing_to_dict(listing),
        author_id=by.id,
        state=RevisionState.APPROVED,
        decided_by_id=by.id,
        decided_at=utcnow(),
    )
    session.add(revision)
    return revision


def history(listing_id: int) -> list[ListingRevision]:
    return list(
        session.scalars(
            select(ListingRevision)
            .where(ListingRevision.listing_id == listing_id, ListingRevision.state != RevisionState.EDITING)
            .order_by(ListingRevision.id.desc())
        )
    )


def previous_published(revision: ListingRevision) -> dict[str, Any] | None:
    """The published version this revision was compared with: the one approved before it."""
    earlier = session.scalars(
        select(ListingRevision)
        .where(
            ListingRevision.listing_id == revision.listing_id,
            ListingRevision.id < revision.id,
            ListingRevision.state.in_((RevisionState.APPROVED, RevisionState.RESTORED)),
        )
        .order_by(ListingRevision.id.desc())
    ).first()
    return earlier.snapshot if earlier else None


def waiting() -> list[ListingRevision]:
    return list(
        session.scalars(
            select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING).order_by(ListingRevision.id)
        )
    )
