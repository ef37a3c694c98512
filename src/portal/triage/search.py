"""Finding a referral in the queue by what a person tells us on the phone: their reference
(with or without its space, in any case), their name or their phone number.

One box takes all three: a term that could be a reference is looked up as one (closed ones
too: people call about those), and also as a name; a term that is a phone number is matched
against the numbers people gave, normalised as they were; anything else is part of a name.
Names and numbers are looked up among open referrals, in every team.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from portal.db import session
from portal.referrals.models import Referral
from portal.triage.queries import OPEN, queue_order
from portal.web.forms import clean_text, normalise_phone

LIMIT = 50
LOOKS_LIKE_A_REFERENCE = re.compile(r"^[A-Z0-9]{8}$")
MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class SearchResult:
    by: tuple[str, ...]  # what the term was looked up as: reference, name, phone
    referrals: Sequence[Referral]


def _as_reference(term: str) -> str | None:
    compact = re.sub(r"[\s-]", "", term).upper()
    return compact if LOOKS_LIKE_A_REFERENCE.match(compact) else None


def _as_phone(term: str) -> str | None:
    return (normalise_phone(term) or None) if sum(char.isdigit() for char in term) >= 6 else None


def find(typed: str) -> SearchResult:
    term = " ".join(clean_text(typed).split())
    by, found = [], []
    if (reference := _as_reference(term)) is not None:
        by.append("reference")
        found.append(Referral.reference == reference)
    if (phone := _as_phone(term)) is not None:
        by.append("phone")
        found.append(OPEN & (Referral.phone == phone))
    elif len(term) >= MIN_NAME_LENGTH and not term.isdigit():
        by.append("name")
        found.append(OPEN & func.lower(Referral.full_name).contains(term.lower(), autoescape=True))
    if not found:
        return SearchResult((), [])
    query = queue_order(select(Referral).where(or_(*found))).limit(LIMIT)
    return SearchResult(tuple(by), session.scalars(query).all())
