"""Searching the queue. Every search is audited, with what it was looked up as and what it
found, but never the words typed (they may be a name or a number)."""

from __future__ import annotations

from flask import render_template
from flask_babel import ngettext

from portal import clock
from portal.accounts.access import signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.teams.access import rights_of
from portal.triage import search
from portal.triage.forms import QueueSearchForm
from portal.triage.pages import rows_for
from portal.triage.queue_routes import triage


@triage.post("/triage/search")
@staff_required
def search_queue() -> str:
    form = QueueSearchForm()
    if not form.validate():
        return render_template("triage/search.html", search_form=form, rows=None, found="")
    result = search.find(form.q.data or "")
    rows = rows_for(result.referrals, rights_of(signed_in()), clock.now())
    references = [row.reference for row in rows]
    record_event("triage.queue_searched", detail={"by": list(result.by), "found": len(rows), "references": references})
    found = ngettext("%(num)d referral found", "%(num)d referrals found", len(rows))
    return render_template("triage/search.html", search_form=form, rows=rows, found=found)
