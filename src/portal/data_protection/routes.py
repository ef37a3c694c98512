"""Coordinators erase a person's details at their request, from the case page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required
from portal.data_protection import erasure
from portal.triage.access import referral_or_404

data_protection = Blueprint("data_protection", __name__)


@data_protection.get("/data-protection/referrals/<reference>/erase")
@coordinator_required
def confirm_erasure(reference: str) -> str:
    referral = referral_or_404(reference)
    return render_template("data-protection/erase.html", referral=referral, blocked=erasure.blocked_because(referral))


@data_protection.post("/data-protection/referrals/<reference>/erase")
@coordinator_required
def erase_person(reference: str) -> Response | tuple[str, int]:
    referral = referral_or_404(reference)
    try:
        erasure.erase([referral.reference])
    except erasure.ErasureBlocked as blocked:
        return render_template("data-protection/erase.html", referral=referral, blocked=blocked.reason), 409
    return redirect(url_for("data_protection.confirm_erasure", reference=referral.reference), code=303)
