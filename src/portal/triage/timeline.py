"""The case page's timeline: everything that happened to a referral, newest first.

What has content of its own comes from its own rows (contact attempts, notes, referrals to
groups); every other change (taken, passed on, status, urgency, spam, closing, plans) from the
audit log, which records each of them with who did it. Looking at a case is audited too, but
is not something that happened to it, so views are left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from portal.accounts.audit.read import describe_action
from portal.accounts.models import AuditEvent, User
from portal.organisations.models import GroupReferral
from portal.organisations.wording import state_label
from portal.referrals.choices import label
from portal.referrals.models import Referral
from portal.triage import queries
from portal.triage.forms import CLOSING_REASONS, METHODS, OUTCOMES, STATUSES, TYPES
from portal.triage.models import CaseNote, ContactAttempt
from portal.triage.pages import exact_time
from portal.web.templating import bidi

# Told by their own rows, with what was said or done.
TOLD_BY_ROWS = ("triage.contact_recorded", "triage.note_added", "triage.safeguarding_raised")


@dataclass(frozen=True)
class Happening:
    at: datetime
    what: Markup | str
    who: str = ""
    said: str = ""  # a note's words, kept as written
    kind: str = "change"  # received, contact, note, safeguarding, group or change: how it is marked


def timeline(
    referral: Referral,
    group_referrals: list[GroupReferral],
    attempts: Sequence[ContactAttempt],
    notes: Sequence[CaseNote],
) -> list[Happening]:
    """Everything that happened to the referral, newest first; the case page has read its
    contact attempts and notes (every one, safeguarding notes too) already."""
    events = queries.events_about(referral.reference, leaving_out=TOLD_BY_ROWS)
    people = queries.holders({event.actor_id for event in events if event.actor_id})
    happenings = [
        _received(referral),
        *(_contact(attempt) for attempt in attempts),
        *(_note(note) for note in notes),
        *_group_happenings(group_referrals),
        *(_change(event, people) for event in events),
    ]
    return sorted(happenings, key=lambda happening: happening.at, reverse=True)


def _name(user: User | None) -> str:
    return user.name if user else ""


def _received(referral: Referral) -> Happening:
    kind = label(TYPES, str(referral.kind))
    return Happening(referral.submitted_at, _("Received: %(type)s", type=kind), kind="received")


def _contact(attempt: ContactAttempt) -> Happening:
    what = _("%(method)s: %(outcome)s", method=label(METHODS, attempt.method), outcome=label(OUTCOMES, attempt.outcome))
    return Happening(attempt.made_at, what, _name(attempt.made_by), kind="contact")


def _note(note: CaseNote) -> Happening:
    if note.safeguarding:
        told = _("Safeguarding concern, told %(to)s at %(when)s")
        what = _words(told, to=bidi(note.escalated_to or ""), when=exact_time(note.escalated_at))
        return Happening(note.written_at, what, _name(note.author), note.body, "safeguarding")
    return Happening(note.written_at, _("Note"), _name(note.author), note.body, "note")


def _group_happenings(group_referrals: list[GroupReferral]) -> Iterator[Happening]:
    for item in group_referrals:
        group = _words('<span lang="en">%(name)s</span>', name=item.listing.name)  # as its organisation wrote it
        yield Happening(item.created_at, _words(_("Referred to %(group)s"), group=group), kind="group")
        if item.status_changed_at > item.created_at and item.status != "sent":
            what = _words(_("%(group)s: %(status)s"), group=group, status=state_label(item.status))
            yield Happening(item.status_changed_at, what, kind="group")


def _words(message: str, **parts: object) -> Markup:
    """A message from our own code or catalogues, with the parts (people's words) escaped into it."""
    return Markup(message) % parts  # noqa: S704 (the message is ours; every part is escaped)


def _change(event: AuditEvent, people: dict[int, User]) -> Happening:
    who = _name(people.get(event.actor_id)) if event.actor_id else ""
    return Happening(event.occurred_at, _change_words(event.action, event.detail or {}), who or event.actor_email or "")


def _change_words(action: str, detail: dict[str, Any]) -> str:
    if action == "triage.status_changed":
        words = _("Status changed to %(status)s", status=label(STATUSES, detail.get("to")))
    elif action == "triage.referral_closed":
        words = _("Closed: %(reason)s", reason=label(CLOSING_REASONS, detail.get("reason")))
    elif action == "triage.urgent_changed":
        words = _("Marked as urgent.") if detail.get("urgent") else _("No longer marked as urgent.")
    elif action == "triage.referral_reassigned":
        to = detail.get("to")
        words = _("Passed to %(name)s", name=queries.staff_name(str(to))) if to else _("Put back in the queue")
    else:
        words = describe_action(action)
    return str(words)
