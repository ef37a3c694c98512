"""Changes made from the followups pages that are not about one deadline or one answer."""

from __future__ import annotations

from portal.accounts.audit.record import record_event
from portal.organisations.models import Organisation


def set_answer_time(organisation: Organisation, working_days: int | None) -> None:
    """The organisation's own time to answer new referrals; None: the scheme's."""
    before = organisation.answer_within_working_days
    organisation.answer_within_working_days = working_days
    record_event(
        "organisation.answer_time_changed", "organisation", organisation.id, {"from": before, "to": working_days}
    )
