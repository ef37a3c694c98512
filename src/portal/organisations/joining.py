"""Joining: an organisation asks to list its groups (or claims one already in the directory);
a coordinator approves, which invites the contact as the organisation's lead editor, or
declines with a reason sent by email."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import get_locale

from portal.accounts.audit.record import record_event
from portal.accounts.invitations import InvitationRequest, invite
from portal.accounts.models import Role, User
from portal.accounts.queries import user_by_email
from portal.db import session, utcnow
from portal.organisations.models import JoinRequest, Organisation, OrganisationStatus, RequestKind, RequestState
from portal.outbox.models import Channel
from portal.outbox.services import queue_message, send_soon


class JoiningProblem(Exception):
    """Something a coordinator must sort out first (shown to them, in their language)."""


@dataclass(frozen=True)
class RequestDetails:
    organisation_name: str
    registered_number: str
    contact_name: str
    email: str
    phone: str
    what_they_do: str
    area: str


def slug_for(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70] or "organisation"
    slug, number = base, 2
    while session.query(Organisation.id).filter_by(slug=slug).first() is not None:
        slug, number = f"{base}-{number}", number + 1
    return slug


def ask_to_join(details: RequestDetails, claimed: Organisation | None = None) -> JoinRequest:
    request = JoinRequest(
        kind=RequestKind.CLAIM if claimed else RequestKind.JOIN,
        organisation_id=claimed.id if claimed else None,
        locale=str(get_locale() or "en"),
        **details.__dict__,
    )
    if claimed is None:
        request.organisation = Organisation(
            slug=slug_for(details.organisation_name),
            name=details.organisation_name,
            description=details.what_they_do,
            email=details.email,
            phone=details.phone or None,
            charity_number=details.registered_number or None,
            status=OrganisationStatus.PENDING,
        )
    session.add(request)
    session.flush()
    return request


def approve(request: JoinRequest, coordinator: User | None) -> None:
    """The coordinators' Approve button, and `flask orgs approve` (no coordinator): the contact
    is invited, in the language they asked in, as the organisation's lead editor."""
    organisation = request.organisation
    if request.state != RequestState.WAITING or organisation is None:
        raise JoiningProblem("the request has already been decided")
    if user_by_email(request.email) is not None:
        raise JoiningProblem(f"there is already an account for {request.email}")
    organisation.status = OrganisationStatus.APPROVED
    _decide(request, coordinator, RequestState.APPROVED, "")
    invitation = InvitationRequest(
        request.email, request.contact_name, Role.ORG_EDITOR, organisation, is_org_admin=True, locale=request.locale
    )
    invite(invitation, coordinator)


def decline(request: JoinRequest, coordinator: User, reason: str) -> None:
    if request.state != RequestState.WAITING:
        raise JoiningProblem("already decided")
    if request.kind == RequestKind.JOIN and request.organisation is not None:
        request.organisation.status = OrganisationStatus.DECLINED
    _decide(request, coordinator, RequestState.DECLINED, reason)
    queue_message(
        channel=Channel.EMAIL,
        to=request.email,
        template="organisation-declined",
        locale=request.locale,
        context={"name": request.contact_name, "organisation": request.organisation_name, "reason": reason},
        dedupe_key=f"organisation-request:{request.id}:declined",
    )
    send_soon()


def _decide(request: JoinRequest, coordinator: User | None, state: RequestState, reason: str) -> None:
    request.state, request.reason = state, reason
    request.decided_by_id, request.decided_at = (coordinator.id if coordinator else None), utcnow()
    record_event(
        f"organisation_request.{state}",
        "organisation_request",
        request.id,
        {
            "kind": str(request.kind),
            "organisation_id": request.organisation_id,
            "reason": reason,
            "by": "coordinator" if coordinator else "command line",
        },
    )
