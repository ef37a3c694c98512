"""Who works on a person's GP record: the link worker holding the referral, or a coordinator.
Unlike other case changes this goes on after closing: the message back is sent at the end."""

from __future__ import annotations

from portal.accounts.access import refuse_access, signed_in
from portal.accounts.models import Role
from portal.referrals.models import Referral
from portal.triage.access import referral_or_404


def gp_record_or_403(reference: str) -> Referral:
    referral = referral_or_404(reference)
    me = signed_in()
    if Role(me.role) != Role.COORDINATOR and referral.holder_id != me.id:
        refuse_access()
    return referral
