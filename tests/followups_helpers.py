"""Arranging referrals to groups for the followups tests: an organisation with editors, its
listing (Tuesdays 10:00 to 12:00), a person held by a link worker, and a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import Role, User
from portal.directory.models import Listing
from portal.followups import jobs
from portal.organisations.models import GroupReferral, GroupReferralStatus, Organisation
from portal.outbox.models import OutboxMessage
from portal.outbox.rendering import RenderedMessage, render_message
from portal.referrals.models import Referral
from tests.authz import make_organisation, make_user
from tests.organisations_helpers import published_listing
from tests.triage_helpers import clock_at, make_referral

# Friday 13 March 2026, 14:00 in Leeds (GMT): the weekend is next.
FRIDAY_2PM = datetime(2026, 3, 13, 14, 0, tzinfo=UTC)
MOBILE = "+447911123456"  # not an Ofcom drama number: messages are really sent to it


@dataclass
class Arranged:
    organisation: Organisation
    lead: User
    colleague: User
    listing: Listing
    worker: User
    person: Referral


def arrange(app: Flask, db: Session, **person: Any) -> Arranged:
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    lead = make_user(db, "lead@walkers.example", Role.ORG_EDITOR, organisation, is_org_admin=True)
    colleague = make_user(db, "colleague@walkers.example", Role.ORG_EDITOR, organisation)
    colleague.locale = "cy"
    make_user(db, "gone@walkers.example", Role.ORG_EDITOR, organisation, active=False)
    listing = published_listing(db, organisation, "Headingley Health Walk")
    worker = make_user(db, "worker@scheme.example", Role.LINK_WORKER)
    fields = {
        "contact_channel": "sms",
        "phone": MOBILE,
        "phone_as_typed": "07911 123456",
        "may_send_texts": True,
        "holder_id": worker.id,
        "status": "in_support",
        **person,
    }
    referral = make_referral(app, db, **fields)
    db.commit()
    return Arranged(organisation, lead, colleague, listing, worker, referral)


def send(app: Flask, db: Session, arranged: Arranged, at: datetime, **options: Any) -> GroupReferral:
    """The holder refers the person to the group at `at`, as the refer page does."""
    from portal.db import session
    from portal.organisations import group_referrals

    with clock_at(app, at), app.test_request_context():
        sent = group_referrals.refer_to_group(
            session.get(Referral, arranged.person.id),
            session.get(Listing, arranged.listing.id),
            note="",
            contact="07911 123456",
            consent=True,
            by=session.get(User, arranged.worker.id),
            **options,
        )
        session.commit()
        sent_id = sent.id
    return db.get(GroupReferral, sent_id, populate_existing=True)


def group_answers(app: Flask, db: Session, sent: GroupReferral, status: GroupReferralStatus, at: datetime) -> None:
    from portal.db import session
    from portal.organisations import group_referrals

    with clock_at(app, at), app.test_request_context():
        group_referrals.change_status(
            session.get(GroupReferral, sent.id), status, "Full." if status == "declined" else ""
        )
        session.commit()
    db.refresh(sent)


def run_due(app: Flask, at: datetime) -> jobs.DueReport:
    with clock_at(app, at), app.app_context():
        return jobs.run_due(at)


def messages(db: Session, template: str) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)))


def rendered(app: Flask, message: OutboxMessage) -> RenderedMessage:
    with app.test_request_context():
        return render_message(message.template, message.channel, message.locale, message.context)
