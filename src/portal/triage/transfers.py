"""Moving a referral to another team, with a reason.

It keeps its history and its received time, and its due time too, unless the team it goes to
says its own promise applies to what is transferred to it (counted from the transfer). Whoever
held it lets it go: the new team takes it from its queue, which announces it.
"""

from __future__ import annotations

from portal import clock
from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
from portal.referrals.models import Referral, ReferralStatus
from portal.teams.models import ReferralTransfer, Team
from portal.triage import timing
from portal.triage.services import SUBJECT, check_version, move


def transfer(referral: Referral, shown: int, to: Team, reason: str, by: User) -> ReferralTransfer:
    check_version(referral, shown)
    at, due_before, from_team_id = clock.now(), referral.due_at, referral.team_id
    move(referral, ReferralStatus.NEW)
    if to.transfers_restart_promise:
        referral.due_at = timing.due_at_for(referral, at, to.first_contact_working_days)
    referral.team_id, referral.care_role = to.id, None
    referral.holder_id = referral.claimed_at = None
    moved = ReferralTransfer(
        referral_id=referral.id,
        from_team_id=from_team_id,
        to_team_id=to.id,
        reason=reason,
        transferred_by_id=by.id,
        transferred_at=at,
        due_at_before=due_before,
        due_at_after=referral.due_at,
    )
    session.add(moved)
    session.flush()
    detail = {"from_team_id": from_team_id, "to_team_id": to.id, "new_due_time": referral.due_at != due_before}
    record_event("triage.referral_transferred", SUBJECT, referral.reference, detail)
    return moved
