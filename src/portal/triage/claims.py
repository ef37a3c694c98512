"""Taking referrals from the queue: one atomic step, so two link workers never hold the same one.

Take (a chosen referral) is a conditional UPDATE that only changes an unheld, open row; exactly
one row changed means it is yours, none means someone was quicker. Take next picks the first
unheld referral in queue order: on PostgreSQL with `SELECT ... FOR UPDATE SKIP LOCKED`, so
link workers pressing it at once each get a different one without waiting; on SQLite (one
writer at a time) by trying the conditional update on the first few candidates in turn.

These take the session to claim on: the request's (`services.take_referral`), or one of its own
for each worker racing in `tests/test_triage_claim_race.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from portal import clock
from portal.accounts.models import User
from portal.referrals.models import Referral, ReferralStatus
from portal.triage.queries import OPEN, Within, queue_order

CANDIDATES_PER_TRY = 20
TRIES = 20


@dataclass(frozen=True)
class Claim:
    referral_id: int | None
    holder_id: int | None  # who holds it now: you when taken, the colleague who was quicker otherwise
    newly_taken: bool = False  # this press took it (False when you held it already)

    def taken_by(self, user: User) -> bool:
        return self.holder_id == user.id


def _claim_row(db: Session, referral_id: int, user: User) -> bool:
    statement = (
        update(Referral)
        .where(Referral.id == referral_id, Referral.holder_id.is_(None), OPEN)
        .values(
            holder_id=user.id,
            claimed_at=clock.now(),
            status=ReferralStatus.IN_TRIAGE,
            version=Referral.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    result = db.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def take(db: Session, referral_id: int, user: User) -> Claim:
    if _claim_row(db, referral_id, user):
        return Claim(referral_id, user.id, newly_taken=True)
    holder = db.scalar(select(Referral.holder_id).where(Referral.id == referral_id))
    return Claim(referral_id, holder)


def _unheld(takeable: Within) -> Select[Any]:
    conditions = [OPEN, Referral.holder_id.is_(None), *([takeable] if takeable is not None else [])]
    return queue_order(select(Referral.id).where(*conditions))


def take_next(db: Session, user: User, takeable: Within = None) -> Claim:
    """The first unheld referral in queue order among those `takeable` by this person (their
    teams', see `portal.teams.access`)."""
    if db.get_bind().dialect.name == "postgresql":
        return _take_next_skipping_locked(db, user, takeable)
    for _ in range(TRIES):
        candidates = db.scalars(_unheld(takeable).limit(CANDIDATES_PER_TRY)).all()
        if not candidates:
            return Claim(None, None)
        for referral_id in candidates:
            if _claim_row(db, referral_id, user):
                return Claim(referral_id, user.id, newly_taken=True)
    return Claim(None, None)


def _take_next_skipping_locked(db: Session, user: User, takeable: Within) -> Claim:
    query = _unheld(takeable).limit(1).with_for_update(skip_locked=True)
    for _ in range(TRIES):
        referral_id = db.scalar(query)
        if referral_id is None:
            return Claim(None, None)
        # Locked by us now; the conditional update still guards against any other path.
        if _claim_row(db, referral_id, user):
            return Claim(referral_id, user.id, newly_taken=True)
    return Claim(None, None)
