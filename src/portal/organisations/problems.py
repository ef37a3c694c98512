"""Problems the public reports with a listing: they go to the organisation's editors and the
coordinators, who mark them resolved. The reporter's contact details are for the coordinators
only: the form promises "We do not share it", so editors never see them."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.audit.record import record_event
from portal.accounts.models import Role, User
from portal.db import session, utcnow
from portal.directory.models import Listing
from portal.organisations.models import ProblemKind, ProblemReport
from portal.outbox.services import email_person, send_soon
from portal.web.links import public_url


def report(listing: Listing, kind: str, details: str, contact: str) -> ProblemReport:
    problem = ProblemReport(listing_id=listing.id, kind=ProblemKind(kind), details=details, contact=contact)
    session.add(problem)
    session.flush()
    people = session.scalars(
        select(User).where(
            User.active,
            (User.role == Role.COORDINATOR)
            | ((User.role == Role.ORG_EDITOR) & (User.organisation_id == listing.organisation_id)),
        )
    )
    for person in people:
        context = {"listing": listing.name, "kind": kind, "details": details, "link": _where_to_see_it(person)}
        email_person(person, "listing-problem", context, f"listing-problem:{problem.id}:{person.id}")
    send_soon()
    return problem


def _where_to_see_it(person: User) -> str:
    endpoint = "organisations.list_problems" if person.role == Role.COORDINATOR else "organisations.show_dashboard"
    return public_url(endpoint, locale=person.locale)


def open_problems(organisation_id: int | None = None) -> list[ProblemReport]:
    query = select(ProblemReport).where(ProblemReport.resolved_at.is_(None))
    if organisation_id is not None:
        query = query.join(Listing, Listing.id == ProblemReport.listing_id).where(
            Listing.organisation_id == organisation_id
        )
    return list(session.scalars(query.order_by(ProblemReport.id)))


def resolve(problem: ProblemReport, by: User) -> None:
    if problem.resolved_at is not None:  # someone else got there first
        return
    problem.resolved_at, problem.resolved_by_id = utcnow(), by.id
    record_event("listing_problem.resolved", "listing_problem", problem.id)
