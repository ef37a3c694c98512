"""What the GP record holds about a person (`portal.data_protection.registry`): the NHS number
and the referrer's details go when the person is taken out, and so does what each message back
said (to the practice and to the referrer); the consent history and the coded events stay, as
the per-practice report reconciles them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask, render_template
from markupsafe import Markup
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.data_protection.registry import RecordSource, Row, add_record_source, keep_all, plain, table_source
from portal.gp_record.models import CaseIdentity, CaseReferrer, CodedEvent, GpConsent, GpMessage
from portal.gp_record.pages import ASKED_HOW, ROUTES, SHARING, STATUSES
from portal.i18n import _l
from portal.outbox.models import OutboxMessage
from portal.referrals.models import Referral


def message_keys(message_ids: Sequence[int]) -> list[str]:
    """The outbox keys the messages back were emailed with (to the practice, to the referrer)."""
    return [f"{kind}-{message_id}" for message_id in message_ids for kind in ("gp-message", "referrer-message")]


def anonymise_messages(db: Session, referrals: Sequence[Referral]) -> None:
    ids = [referral.id for referral in referrals]
    message_ids = db.scalars(select(GpMessage.id).where(GpMessage.referral_id.in_(ids))).all()
    db.execute(
        update(GpMessage)
        .where(GpMessage.id.in_(message_ids))
        .values(content={}, last_error=None, referrer_organisation=None)
    )
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.dedupe_key.in_(message_keys(message_ids)))
        .values(recipient="", context={})
        .execution_options(synchronize_session=False)
    )


MESSAGE_LABELS = {
    "created_at": _l("Queued"),
    "route": _l("How"),
    "practice_code": _l("Practice"),
    "status": _l("Status"),
    "sent_at": _l("Sent"),
    "acknowledged_at": _l("Acknowledged"),
    "referrer_emailed_at": _l("Also emailed to the referrer"),
    "referrer_organisation": _l("The referrer's organisation"),
    "content": _l("What it said"),
}


def content_as_read(content: dict[str, Any], row: Row) -> Markup:
    """What the message said, laid out as the GP got it, in the reader's language."""
    page = render_template("gp_record/_message-content.html", content=content, heading="h4")
    return Markup(page)  # noqa: S704 (escaped by Jinja)


def message_rows(db: Session, referral: Referral) -> list[Row]:
    query = select(GpMessage).where(GpMessage.referral_id == referral.id).order_by(GpMessage.id)
    return [{name: plain(getattr(message, name)) for name in MESSAGE_LABELS} for message in db.scalars(query)]


def coded_event_rows(db: Session, referral: Referral) -> list[Row]:
    query = select(CodedEvent).where(CodedEvent.referral_id == referral.id).order_by(CodedEvent.recorded_at)
    return [
        {
            "recorded_at": plain(coded.recorded_at),
            "code": coded.code,
            "term": coded.clinical_code.term,
            "sent_to_practice": coded.sent_to_practice,
        }
        for coded in db.scalars(query)
    ]


SOURCES = (
    table_source(
        "nhs_number",
        CaseIdentity,
        _l("NHS number"),
        {"nhs_number": _l("NHS number")},
        blanks={"nhs_number": None},
        order=40,
        sort_by="referral_id",
    ),
    table_source(
        "referrer",
        CaseReferrer,
        _l("Who referred them"),
        {"name": _l("Name"), "organisation": _l("Organisation"), "email": _l("Email")},
        blanks={"name": None, "organisation": None, "email": None},
        order=41,
        sort_by="referral_id",
    ),
    table_source(
        "gp_consent",
        GpConsent,
        _l("Consent to share with the GP"),
        {"recorded_at": _l("When"), "sharing": _l("What the GP may get"), "asked_how": _l("How they were asked")},
        order=42,
        sort_by="recorded_at",
        words={"sharing": SHARING, "asked_how": ASKED_HOW},
    ),
    RecordSource(
        "coded_events",
        keep_all,
        _l("Coded events (SNOMED CT)"),
        {"recorded_at": _l("When"), "code": _l("Code"), "term": _l("Term"), "sent_to_practice": _l("Sent to practice")},
        coded_event_rows,
        order=43,
    ),
    RecordSource(
        "gp_messages",
        anonymise_messages,
        _l("Messages back to the GP and the referrer"),
        MESSAGE_LABELS,
        message_rows,
        order=44,
        words={"route": ROUTES, "status": STATUSES, "content": content_as_read},
    ),
)


def init_app(app: Flask) -> None:
    for source in SOURCES:
        add_record_source(app, source)
