"""Changes the ORUK feature makes: importing a feed (organisations and listings created or
updated, matched on the feed's ids, `source` plus `source_id`) and a coordinator taking an
imported listing over. Add and flush only; the command commits.

Imported listings are published as the feed says (the feed is their source of truth) with an
approved revision in their history; a listing taken over is never changed by an import."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.audit.record import record_event
from portal.api import validation
from portal.api.feed import Feed
from portal.api.importing import feed_uuid, listing_snapshot, organisation_fields
from portal.api.mapping import TermMapping
from portal.api.taxonomies import published
from portal.db import utcnow
from portal.directory.categories import current_categories
from portal.directory.models import Listing, Location
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.geo.lookup import Place, find_place
from portal.organisations.joining import slug_for
from portal.organisations.models import ListingRevision, Organisation, OrganisationStatus, RevisionState

KINDS = ("service", "organization")


@dataclass
class ImportReport:
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    rejected: list[str] = field(default_factory=list)  # "service 8c1f2a3b…: address has no postal_code"
    unmapped: Counter[str] = field(default_factory=Counter)  # term name -> services that use it

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def reject(self, kind: str, label: str, reason: str) -> None:
        self.count(kind, "rejected")
        self.rejected.append(f"{kind} {short(label)}: {reason}")


def short(label: str) -> str:
    return f"{label[:8]}…" if len(label) > 9 else label


class Importer:
    def __init__(self, db: Session, feed: Feed, mapping: TermMapping) -> None:
        self.db, self.feed, self.mapping = db, feed, mapping
        self.taxonomies = published(current_categories(db))
        self.report = ImportReport()
        self.organisations: dict[str, Organisation | None] = {}  # the feed's id -> ours (None: rejected)

    def run(self) -> ImportReport:
        for item in self.feed.services():
            if item.data is None:
                self.report.reject("service", item.label, item.problem)
                continue
            reason = validation.problem("service", item.data)
            if reason:
                self.report.reject("service", item.label, reason)
                continue
            organisation = self._organisation_of(item.data)
            if organisation is not None:
                self._save_listing(item.data, organisation)
        record_event("directory.oruk_imported", detail={"source": self.feed.source, **self.summary()})
        return self.report

    def summary(self) -> dict[str, Any]:
        return {f"{kind}_{outcome}": number for kind, counts in self.report.counts.items() for outcome, number in
                counts.items()}  # fmt: skip

    def _organisation_of(self, service: dict[str, Any]) -> Organisation | None:
        data = service.get("organization") or (
            self.feed.organization(str(service["organization_id"])) if service.get("organization_id") else None
        )
        label = str(service["id"])
        if not data:
            self.report.reject("service", label, "names no organization that could be read")
            return None
        key = str(data.get("id") or "")
        if key not in self.organisations:
            reason = validation.problem("organization", data)
            if reason:
                self.report.reject("organization", key or "without an id", reason)
                self.organisations[key] = None
            else:
                self.organisations[key] = self._save_organisation(data)
        if self.organisations[key] is None:
            self.report.reject("service", label, f"its organization {short(key)} was rejected")
        return self.organisations[key]

    def _save_organisation(self, data: dict[str, Any]) -> Organisation:
        fields = organisation_fields(data)
        found = self.db.scalar(
            select(Organisation).where(Organisation.source == self.feed.source, Organisation.source_id == data["id"])
        )
        if found is None:
            found = Organisation(
                uuid=self._unused(Organisation, feed_uuid(data["id"])), slug=slug_for(fields["name"]),
                status=OrganisationStatus.APPROVED, source=self.feed.source, source_id=str(data["id"]), **fields,
            )  # fmt: skip
            self.db.add(found)
            self.db.flush()
            self.report.count("organization", "created")
        elif any(getattr(found, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(found, name, value)
            self.report.count("organization", "updated")
        else:
            self.report.count("organization", "unchanged")
        return found

    def _unused(self, model: type[Organisation] | type[Listing] | type[Location], wanted: UUID | None) -> UUID:
        """The feed's own id when nothing here has it yet, so the same object keeps one id
        from directory to directory; else a new one."""
        if wanted is None or self.db.scalar(select(model.id).where(model.uuid == wanted)) is not None:
            return uuid4()
        return wanted

    def _locate(self, postcode: str) -> tuple[float, float] | None:
        found = find_place(self.db, postcode, None)
        return (found.latitude, found.longitude) if isinstance(found, Place) else None

    def _save_listing(self, service: dict[str, Any], organisation: Organisation) -> None:
        snapshot, unmapped = listing_snapshot(service, self.taxonomies, self.mapping, self._locate)
        self.report.unmapped.update(set(unmapped))
        source_id = str(service["id"])
        found = self.db.scalar(
            select(Listing).where(Listing.source == self.feed.source, Listing.source_id == source_id)
        )
        if found is not None and found.taken_over_at is not None:
            self.report.count("service", "kept (taken over)")
            return
        snapshot["locations"] = [{**place, "uuid": self._place_id(place, found)} for place in snapshot["locations"]]
        if found is not None and _same(listing_to_dict(found), snapshot) and found.organisation_id == organisation.id:
            self.report.count("service", "unchanged")
            return
        snapshot["last_checked_at"] = snapshot["last_checked_at"] or utcnow().isoformat()
        listing = found or Listing(
            uuid=self._unused(Listing, feed_uuid(source_id)), source=self.feed.source, source_id=source_id
        )
        publish_listing(self.db, organisation.id, snapshot, listing)
        self.db.add(
            ListingRevision(organisation_id=organisation.id, listing_id=listing.id, snapshot=listing_to_dict(listing),
                            state=RevisionState.APPROVED, decided_at=utcnow())
        )  # fmt: skip
        self.report.count("service", "updated" if found is not None else "created")

    def _place_id(self, place: dict[str, Any], listing: Listing | None) -> str | None:
        """A place keeps the feed's id for it unless another listing's place has it."""
        wanted = feed_uuid(place.get("uuid"))
        if wanted is None:
            return None
        owner = self.db.scalar(select(Location.listing_id).where(Location.uuid == wanted))
        return str(wanted) if owner is None or (listing is not None and owner == listing.id) else None


def _same(published_snapshot: dict[str, Any], imported: dict[str, Any]) -> bool:
    """Whether an import would change nothing people see. The feed's check date counts only
    when it gives one; a place's id is not something people see."""

    def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
        places = [{key: value for key, value in place.items() if key != "uuid"} for place in snapshot["locations"]]
        return {**snapshot, "locations": places, "last_checked_at": None}

    if imported.get("last_checked_at") and imported["last_checked_at"] != published_snapshot.get("last_checked_at"):
        return False
    return comparable(published_snapshot) == comparable(imported)


def import_feed(db: Session, feed: Feed, mapping: TermMapping) -> ImportReport:
    return Importer(db, feed, mapping).run()


class TakeOverProblem(Exception):
    pass


def take_over(db: Session, listing: Listing) -> None:
    """From now on the listing is ours: editors and coordinators edit it here, and imports
    from its source leave it as it is."""
    if listing.source is None:
        raise TakeOverProblem("this listing was not imported: it is already the portal's own")
    if listing.taken_over_at is not None:
        raise TakeOverProblem(f"this listing was taken over on {listing.taken_over_at:%d %B %Y}")
    listing.taken_over_at = utcnow()
    db.flush()
    record_event("listing.taken_over", "listing", listing.id, {"source": listing.source})
