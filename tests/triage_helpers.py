"""Arranging referrals for the triage tests, with a fixed clock."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from portal.clock import CLOCK
from portal.referrals.models import Referral, ReferralKind

_numbers = itertools.count(1)
# A Wednesday in term time with no bank holiday near it: the tests' "now".
WEDNESDAY_NOON = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)


def reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def make_referral(app: Flask, db: Session, **values: Any) -> Referral:
    """Saved through the ORM inside the app, so the queue's due time is set as in real life."""
    number = next(_numbers)
    fields: dict[str, Any] = {
        "reference": reference(),
        "kind": ReferralKind.SELF_REFERRAL,
        "locale": "en",
        "submission_token": f"token-{number}-{secrets.token_hex(4)}",
        "contact_channel": "phone",
        "language": "en",
        "full_name": f"Person {number}",
        "phone": "+447911123456",
        "needs": ["lonely"],
        "outward_code": "LS6",
        "answers": {"who_for": "me", "full_name": f"Person {number}", "needs": ["lonely"]},
        "submitted_at": WEDNESDAY_NOON,
        **values,
    }
    with app.app_context():
        referral = Referral(**fields)
        db.add(referral)
        db.commit()
    return referral


def case_url(referral: Referral, action: str = "") -> str:
    return f"/en/triage/referrals/{referral.reference}" + (f"/{action}" if action else "")


def save_case_form(
    client: Any, referral: Referral, action: str, data: dict[str, Any], expected_status: int = 303
) -> Any:
    """Post one of the case page's forms as the browser would: with the page's token and version."""
    page = client.get(case_url(referral))
    version = page.select("input[name=version]")[0]["value"]
    return client.submit(
        page, case_url(referral, action), {"version": version, **data}, expected_status=expected_status
    )


def make_unsaved_referral(db: Session, **values: Any) -> Referral:
    """Added to `db` without committing (outside the app: no due time), for the access matrix."""
    number = next(_numbers)
    referral = Referral(
        reference=reference(),
        kind=ReferralKind.SELF_REFERRAL,
        locale="en",
        submission_token=f"matrix-{number}-{secrets.token_hex(4)}",
        contact_channel="phone",
        language="en",
        needs=["lonely"],
        answers={"who_for": "me"},
        submitted_at=WEDNESDAY_NOON,
        **values,
    )
    db.add(referral)
    db.flush()
    return referral


@contextmanager
def clock_at(app: Flask, moment: datetime) -> Iterator[None]:
    before = app.extensions.get(CLOCK)
    app.extensions[CLOCK] = lambda: moment
    try:
        yield
    finally:
        if before is None:
            app.extensions.pop(CLOCK, None)
        else:
            app.extensions[CLOCK] = before
