"""References a person can read out over the phone: 8 characters with no look-alikes.

Left out: I, L and 1; O and 0; S and 5; B and 8; Z and 2. That leaves 25 characters, so
25^8 (about 150 billion) references: a clash is vanishingly rare and still checked.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from portal.db import session
from portal.referrals.models import Referral

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def unused_reference() -> str:
    while True:
        reference = new_reference()
        if session.scalar(select(Referral.id).where(Referral.reference == reference)) is None:
            return reference


def spaced(reference: str) -> str:
    """In two groups of four, the way it is easiest to read and write down."""
    return f"{reference[:4]} {reference[4:]}"
