"""Arranging the GP record tests: a person held by a link worker, registered at a practice
whose MESH mailbox is the sandbox's, with consent and scores recorded as the case page does."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from portal.gp_record.models import PracticeMailbox
from portal.practices.models import GpPractice
from portal.triage.models import WellbeingScore
from tests.followups_helpers import Arranged, arrange
from tests.mesh_sandbox import PRACTICE_MAILBOX, PRACTICE_ODS_CODE
from tests.triage_helpers import case_url

VALID_NHS_NUMBER = "943 476 5919"
BASELINE = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 8}
FOLLOW_UP = {"life_satisfaction": 7, "worthwhile": 7, "happiness": 6, "anxiety": 4}


def registered_person(app: Flask, db: Session, **person: Any) -> Arranged:
    db.add(GpPractice(ods_code=PRACTICE_ODS_CODE, name="Sandbox Lane Surgery", postcode="LS6 1AA"))
    db.add(PracticeMailbox(ods_code=PRACTICE_ODS_CODE, mailbox=PRACTICE_MAILBOX))
    db.commit()
    details = {
        "full_name": "Rosa Kowalska",
        "date_of_birth": date(1950, 5, 17),
        "postcode": "LS6 2BB",
        "gp_practice_code": PRACTICE_ODS_CODE,
        "gp_practice_name": "Sandbox Lane Surgery",
        "what_matters": "Getting out of the house and meeting people",
        **person,
    }
    return arrange(app, db, **details)


def record_scores(db: Session, arranged: Arranged, stage: str, scores: dict[str, int]) -> None:
    for question, score in scores.items():
        db.add(WellbeingScore(referral_id=arranged.person.id, stage=stage, question=question, score=score))
    db.commit()


def post_case(client: Any, arranged: Arranged, action: str, data: dict[str, Any] | None = None) -> Any:
    """Post one of the GP record section's forms from the case page."""
    page = client.get(case_url(arranged.person))
    return client.submit(page, case_url(arranged.person, action), data or {}, expected_status=303)
