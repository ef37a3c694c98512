"""The SNOMED CT codes the portal ships, put in the codes table by migration 0015. A scheme
adds others (such as "social prescribing offered") as rows, with `event` left empty or naming
a moment the portal knows."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

CLINICAL_CODE = sa.table(
    "clinical_code", sa.column("code", sa.String), sa.column("term", sa.String), sa.column("event", sa.String)
)
SHIPPED_CODES = (
    ("871731000000106", "Referral to social prescribing service", "support_accepted"),
    ("871711000000103", "Social prescribing declined", "support_declined"),
)


def seed_codes(connection: Connection) -> None:
    connection.execute(
        sa.insert(CLINICAL_CODE), [{"code": code, "term": term, "event": event} for code, term, event in SHIPPED_CODES]
    )
