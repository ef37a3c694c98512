"""The one way a change is made from a case's pages (the case itself, what matters, connecting).

A form that fails its checks is shown again with its errors. Otherwise the change is made once,
against the version of the referral the page showed: an edit made on an older copy (someone
else changed the referral since) gets the page again, as it is now, with a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from werkzeug.wrappers import Response as WerkzeugResponse

from portal.referrals.models import Referral
from portal.triage.forms import VersionedForm
from portal.triage.queries import as_saved_now
from portal.triage.services import StaleEdit

R = TypeVar("R")


class ShownAgain(Protocol):
    def __call__(
        self, referral: Referral, status: int = 200, stale: bool = False, **given: VersionedForm
    ) -> WerkzeugResponse: ...


def save_change(
    referral: Referral,
    form: tuple[str, VersionedForm],
    valid: bool,
    change: Callable[[], R],
    shown_again: ShownAgain,
    saved: Callable[[R], WerkzeugResponse],
) -> WerkzeugResponse:
    """`form` is the submitted form and the name the page knows it by; `saved` answers once the
    change is made, given what it returned."""
    if not valid:
        name, submitted = form
        return shown_again(referral, **{name: submitted})
    try:
        result = change()
    except StaleEdit:
        return shown_again(as_saved_now(referral), 409, stale=True)
    return saved(result)
