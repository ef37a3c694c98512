"""The data protection feature's rows in the authorisation matrix: only coordinators find,
export, correct and erase a person's records."""

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
    Row(
        "data_protection.subject_access_form",
        lambda w: "/en/data-protection/subject-access",
        expect("200", ONLY_COORDINATOR),
    ),
    Row(
        "data_protection.find_person",
        lambda w: "/en/data-protection/subject-access",
        expect("200", ONLY_COORDINATOR),
        "POST",
        lambda w: {"reference": w.extras["to_erase"].reference},
    ),
    Row(
        "data_protection.export_records",
        lambda w: "/en/data-protection/subject-access/export",
        expect("200", ONLY_COORDINATOR),
        "POST",
        lambda w: {
            "reference": w.extras["to_erase"].reference,
            "references": w.extras["to_erase"].reference,
            "export_format": "json",
        },
    ),
    Row(
        "data_protection.correct_details",
        lambda w: f"/en/data-protection/referrals/{w.extras['to_erase'].reference}/correct",
        expect("200", ONLY_COORDINATOR),
    ),
]

MATRIX.extend(ROWS)
ARRANGE.append(arrange)
