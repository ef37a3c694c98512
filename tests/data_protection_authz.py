"""The data protection feature's rows in the authorisation matrix: only coordinators erase."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.authz import ARRANGE, MATRIX, ONLY_COORDINATOR, Row, World, expect


def arrange(db: Session, world: World) -> None:
    from tests.triage_helpers import make_unsaved_referral

    world.extras.update(
        to_erase=make_unsaved_referral(db, full_name="Erin Erase"),
        safeguarded=make_unsaved_referral(db, full_name="Sal Safe", safeguarding=True, status="in_triage"),
    )


ROWS = [
    Row(
        "data_protection.confirm_erasure",
        lambda w: f"/en/data-protection/referrals/{w.extras['to_erase'].reference}/erase",
        expect("200", ONLY_COORDINATOR),
    ),
    Row(
        "data_protection.erase_person",
        lambda w: f"/en/data-protection/referrals/{w.extras['safeguarded'].reference}/erase",
        expect("409", ONLY_COORDINATOR),
        "POST",
    ),
]

MATRIX.extend(ROWS)
ARRANGE.append(arrange)
