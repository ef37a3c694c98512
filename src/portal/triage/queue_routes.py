"""The triage blueprint, and the queue: list, filter, refresh, take and reassign."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import clock
from portal.accounts.access import coordinator_required, refuse_access, signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.accounts.sessions import passive
from portal.teams import pages as team_pages
from portal.teams import queries as team_queries
from portal.teams.access import rights_of
from portal.teams.scopes import QueueScope, queue_scope
from portal.triage import claims, queries, services
from portal.triage.access import referral_or_404
from portal.triage.forms import QueueFilterForm, QueueSearchForm
from portal.triage.pages import queue_context
from portal.web.htmx import is_htmx, render_page_or_partial
from portal.web.numbers import whole_number
from portal.web.redirects import own_path

triage = Blueprint("triage", __name__)
MAX_PAGE = 10_000


def _seen(name: str = "seen") -> int:
    """The newest id the list showed last time; -1 (nothing to announce) when not given."""
    seen = whole_number(request.args.get(name))
    return -1 if seen is None else seen


def _page_number() -> int:
    """The queue's page, from 1; anything else is the first page rather than an error."""
    return min(whole_number(request.args.get("page"), minimum=1) or 1, MAX_PAGE)


def arrivals_message(seen: int, seen_transfer: int, scope: QueueScope) -> str:
    """ "3 new referrals" since the list was last shown, and those transferred to the teams
    shown; nothing on the first showing."""
    news = []
    if seen >= 0 and (count := queries.arrived_since(seen, scope.condition())):
        news.append(str(ngettext("%(num)d new referral", "%(num)d new referrals", count)))
    if seen_transfer >= 0 and (moved := team_queries.transfers_to_since(scope.team_ids, seen_transfer)):
        news.append(str(ngettext("%(num)d referral transferred in", "%(num)d referrals transferred in", moved)))
    return ". ".join(news)


@triage.get("/triage")
@passive
@staff_required
def show_queue() -> WerkzeugResponse:
    form = QueueFilterForm(request.args)
    chosen, rights = form.chosen(), rights_of(signed_in())
    teams = team_queries.all_teams()
    scope = queue_scope(chosen.team, rights, teams)
    summary = queries.open_summary(scope.condition())
    form.offer(summary.areas)
    size = current_app.config["TRIAGE_PAGE_SIZE"]
    context = queue_context(chosen, signed_in(), summary, size, _page_number(), scope, rights, teams)
    if not is_htmx():
        # A refresh (the poll every few seconds, or Refresh) shows the list already opened and
        # audited; opening the queue is recorded, and so is every view of a referral.
        record_event("triage.queue_viewed", detail=chosen.as_query())
    seen = _seen()
    return render_page_or_partial(
        "triage/queue.html",
        "triage/_queue.html",
        form=form,
        chosen=chosen,
        arrivals=arrivals_message(seen, _seen("seen_transfer"), scope),
        seen=seen,
        search_form=QueueSearchForm(formdata=None),
        **team_pages.queue_teams(scope, rights, clock.now(), teams),
        **context,
    )


def _back_to_queue() -> WerkzeugResponse:
    return redirect(own_path(request.form.get("back_to"), url_for("triage.show_queue")), code=303)


def _after_claim(claim: claims.Claim, reference: str | None) -> WerkzeugResponse:
    if claim.referral_id is None:
        flash(_("There are no referrals waiting to be taken."))
        return redirect(url_for("triage.show_queue"), code=303)
    referral = queries.referral_by_id(claim.referral_id)
    assert referral is not None
    if claim.taken_by(signed_in()):
        record_event("triage.referral_taken", "referral", referral.reference)
        flash(_("You have taken %(reference)s.", reference=referral.reference))
        return redirect(url_for("triage.show_referral", reference=referral.reference), code=303)
    holder = queries.staff_member(claim.holder_id) if claim.holder_id else None
    name = holder.name if holder else _("someone else")
    flash(_("%(name)s has already taken %(reference)s.", name=name, reference=reference or referral.reference))
    return _back_to_queue()


@triage.post("/triage/take-next")
@staff_required
def take_next_referral() -> WerkzeugResponse:
    return _after_claim(services.take_next_referral(signed_in(), rights_of(signed_in()).takeable()), None)


@triage.post("/triage/referrals/<reference>/take")
@staff_required
def take_referral(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    if not rights_of(signed_in()).may_take(referral):
        refuse_access()
    return _after_claim(services.take_referral(referral.id, signed_in()), referral.reference)


@triage.post("/triage/referrals/<reference>/reassign")
@coordinator_required
def reassign_referral(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    chosen = request.form.get("holder", "")
    to = next((user for user in queries.staff_who_can_hold() if str(user.id) == chosen), None)
    if chosen and to is None:
        abort(400)
    services.reassign(referral, to)
    record_event("triage.referral_reassigned", "referral", referral.reference, {"to": to.email if to else None})
    if to:
        flash(_("%(reference)s is now held by %(name)s.", reference=referral.reference, name=to.name))
    else:
        flash(_("%(reference)s is back in the queue for anyone to take.", reference=referral.reference))
    return redirect(url_for("triage.show_referral", reference=referral.reference), code=303)
