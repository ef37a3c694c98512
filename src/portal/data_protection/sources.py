"""The record sources this package keeps for features without their own (see `registry`): the
referral itself, the group referrals, the messages sent, and who saw or changed the records
(the audit log, kept longer than the records: nothing taken out). Triage, follow-ups and the GP
record add theirs.

Anonymising keeps what reports count (dates, route, team, area outward code, status, closing
reason, scores, contact attempts' method and outcome, age band, the postcode's deprivation
decile) and removes names, contact details, answers and what staff wrote. Gender and ethnic
group go too: they are special category data, and reports about periods that old do without
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from portal.accounts.audit.read import describe_action
from portal.accounts.forms import ROLE_NAMES
from portal.accounts.models import AuditEvent
from portal.data_protection.registry import RecordSource, Row, Words, add_record_source, keep_all, plain
from portal.db import utcnow
from portal.directory.models import Listing
from portal.followups.models import FollowUp
from portal.geo.models import Postcode
from portal.i18n import _l
from portal.organisations.models import GroupReferral
from portal.organisations.wording import STATE_LABELS
from portal.outbox import wording as outbox_wording
from portal.outbox.models import OutboxMessage
from portal.referrals import choices
from portal.referrals.models import Referral
from portal.triage.case_page import answer_rows
from portal.triage.forms import CLOSING_REASONS, STATUSES, TYPES

AGE_BANDS = ((18, "under_18"), (25, "18_24"), (35, "25_34"), (50, "35_49"), (65, "50_64"), (75, "65_74"))


def age_band(born: date | None, on: date) -> str | None:
    """The band reports count by, worked out before the date of birth goes."""
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((band for below, band in AGE_BANDS if age < below), "75_and_over")


def _ids(referrals: Sequence[Referral]) -> list[int]:
    return [referral.id for referral in referrals]


def _deprivation_deciles(db: Session, referrals: Sequence[Referral]) -> dict[str, int]:
    postcodes = {referral.postcode for referral in referrals if referral.postcode}
    query = select(Postcode.postcode, Postcode.imd_decile).where(
        Postcode.postcode.in_(postcodes), Postcode.imd_decile.is_not(None)
    )
    return {postcode: decile for postcode, decile in db.execute(query) if decile is not None} if postcodes else {}


def anonymise_referrals(db: Session, referrals: Sequence[Referral]) -> None:
    now = utcnow()
    deciles = _deprivation_deciles(db, referrals)
    for referral in referrals:
        referral.age_band = referral.age_band or age_band(referral.date_of_birth, referral.submitted_at.date())
        referral.deprivation_decile = referral.deprivation_decile or deciles.get(referral.postcode or "")
        referral.erase_personal_details(now)
        referral.version += 1
    db.flush()


def anonymise_group_referrals(db: Session, referrals: Sequence[Referral]) -> None:
    ids = _ids(referrals)
    db.execute(
        update(GroupReferral)
        .where(GroupReferral.referral_id.in_(ids))
        .values(person_name="", preferred_contact="", note="", decline_reason="")
    )


def _messages_to_the_person(db: Session, referrals: Sequence[Referral]) -> ColumnElement[bool]:
    """Messages to the person are found by the keys they were queued with (one per referral)."""
    prefixes = [OutboxMessage.dedupe_key.startswith(f"referral-{r.reference}-") for r in referrals]
    group_ids = db.scalars(select(FollowUp.group_referral_id).where(FollowUp.referral_id.in_(_ids(referrals)))).all()
    follow_ups = OutboxMessage.dedupe_key.in_([f"how-did-it-go:{group_id}" for group_id in group_ids])
    return or_(*prefixes, follow_ups)


def anonymise_messages(db: Session, referrals: Sequence[Referral]) -> None:
    if referrals:
        db.execute(
            update(OutboxMessage)
            .where(_messages_to_the_person(db, referrals))
            .values(recipient="", context={})
            .execution_options(synchronize_session=False)
        )


MESSAGE_LABELS = {
    "created_at": _l("Queued"),
    "channel": _l("How"),
    "recipient": _l("To"),
    "template": _l("Message"),
    "status": _l("Status"),
    "sent_at": _l("Sent"),
}


def message_rows(db: Session, referral: Referral) -> list[Row]:
    """What was sent, to whom and when; not the content, which holds links only the person may use."""
    query = select(OutboxMessage).where(_messages_to_the_person(db, [referral])).order_by(OutboxMessage.id)
    return [{name: plain(getattr(message, name)) for name in MESSAGE_LABELS} for message in db.scalars(query)]


REFERRAL_LABELS = {
    "reference": _l("Reference"),
    "kind": _l("Kind"),
    "submitted_at": _l("Received"),
    "status": _l("Status"),
    "full_name": _l("Name"),
    "date_of_birth": _l("Date of birth"),
    "postcode": _l("Postcode"),
    "phone_as_typed": _l("Phone"),
    "email_as_typed": _l("Email"),
    "relationship": _l("Sent by someone else: their relationship"),
    "gp_practice_name": _l("GP practice"),
    "needs": _l("Needs"),
    "what_matters": _l("What matters to them"),
    "about": _l("About them"),
    "best_times": _l("Best times to call"),
    "language": _l("Language"),
    "access_needs": _l("Access needs"),
    "gender": _l("Gender"),
    "ethnic_group": _l("Ethnic group"),
    "closed_at": _l("Closed"),
    "closing_reason": _l("Closing reason"),
    "answers": _l("Answers as sent"),
}


def referral_rows(db: Session, referral: Referral) -> list[Row]:
    return [{name: plain(getattr(referral, name)) for name in REFERRAL_LABELS}]


def answers_in_words(answers: dict[str, Any], row: Row) -> dict[str, Any]:
    """Each question as it was asked, with the answer as the person saw it on check answers."""
    return {label: value for label, value, _raw in answer_rows(row["kind"], answers)}


REFERRAL_WORDS: dict[str, Words] = {
    "kind": TYPES,
    "status": STATUSES,
    "needs": choices.NEEDS,
    "language": choices.LANGUAGES,
    "gender": choices.GENDERS,
    "ethnic_group": choices.ETHNIC_GROUPS,
    "closing_reason": CLOSING_REASONS,
    "answers": answers_in_words,
}


GROUP_REFERRAL_LABELS = {
    "group": _l("Group"),
    "consent_recorded_at": _l("Referred on"),
    "person_name": _l("Name given to the group"),
    "preferred_contact": _l("Contact given to the group"),
    "note": _l("Note to the group"),
    "status": _l("Status"),
    "decline_reason": _l("Why the group declined"),
}


def group_referral_rows(db: Session, referral: Referral) -> list[Row]:
    query = (
        select(GroupReferral, Listing.name)
        .join(Listing, Listing.id == GroupReferral.listing_id)
        .where(GroupReferral.referral_id == referral.id)
        .order_by(GroupReferral.id)
    )
    return [
        {"group": name, **{key: plain(getattr(row, key)) for key in GROUP_REFERRAL_LABELS if key != "group"}}
        for row, name in db.execute(query)
    ]


AUDIT_LABELS = {"occurred_at": _l("When"), "who": _l("Who"), "role": _l("Role"), "action": _l("What")}


def audit_rows(db: Session, referral: Referral) -> list[Row]:
    """Who saw or changed the referral, and when."""
    query = select(AuditEvent).where(AuditEvent.subject_type == "referral", AuditEvent.subject_id == referral.reference)
    return [
        {
            "occurred_at": plain(event.occurred_at),
            "who": event.actor_email,
            "role": event.actor_role,
            "action": describe_action(event.action),
        }
        for event in db.scalars(query.order_by(AuditEvent.occurred_at, AuditEvent.id))
    ]


BUILT_IN = (
    RecordSource(
        "referral",
        anonymise_referrals,
        _l("The referral"),
        REFERRAL_LABELS,
        referral_rows,
        order=0,
        words=REFERRAL_WORDS,
    ),
    RecordSource(
        "group_referrals",
        anonymise_group_referrals,
        _l("Referrals to groups"),
        GROUP_REFERRAL_LABELS,
        group_referral_rows,
        order=20,
        words={"status": STATE_LABELS},
    ),
    RecordSource(
        "messages",
        anonymise_messages,
        _l("Messages sent"),
        MESSAGE_LABELS,
        message_rows,
        order=30,
        words={
            "channel": choices.CONTACT_CHANNELS,
            "template": outbox_wording.TEMPLATES,
            "status": outbox_wording.STATUSES,
        },
    ),
    RecordSource(
        "viewed_by",
        keep_all,
        _l("Who saw or changed the records"),
        AUDIT_LABELS,
        audit_rows,
        order=90,
        words={"role": ROLE_NAMES},
    ),
)


def init_app(app: Flask) -> None:
    for source in BUILT_IN:
        add_record_source(app, source)
