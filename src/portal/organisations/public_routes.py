"""Public pages: "List your group or service", claiming an organisation, reporting a problem
with a listing, and the "still correct?" link from the reminder email."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal.directory.access import public_listing_or_404
from portal.extensions import limiter
from portal.organisations import joining, problems, still_correct
from portal.organisations.access import approved_organisation_or_404
from portal.organisations.forms import JoinForm, ProblemForm
from portal.organisations.joining import RequestDetails
from portal.web.access import public_blueprint
from portal.web.caching import no_store
from portal.web.limits import went_through

organisations_public = public_blueprint(Blueprint("organisations_public", __name__))


def _limit() -> str:
    return str(current_app.config["ORGS_PUBLIC_FORM_LIMIT"])


def _details(form: JoinForm) -> RequestDetails:
    return RequestDetails(**{name: form[name].data or "" for name in RequestDetails.__dataclass_fields__})


@organisations_public.route("/list-your-group", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=went_through)
@no_store
def ask_to_join() -> Response | str:
    form = JoinForm()
    if form.validate_on_submit():
        if not form.website.data:  # a robot filled the hidden field: it is told it worked
            joining.ask_to_join(_details(form))
        return redirect(url_for(".request_sent"), 303)
    return render_template("organisations/join.html", form=form, claimed=None)


@organisations_public.route("/organisations/<slug>/claim", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=went_through)
@no_store
def claim_organisation(slug: str) -> Response | str:
    organisation = approved_organisation_or_404(slug)
    form = JoinForm(data={"organisation_name": organisation.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        if not form.website.data:
            joining.ask_to_join(_details(form), claimed=organisation)
        return redirect(url_for(".request_sent"), 303)
    return render_template("organisations/join.html", form=form, claimed=organisation)


@organisations_public.get("/list-your-group/sent")
def request_sent() -> str:
    return render_template("organisations/request-sent.html")


@organisations_public.route("/directory/listings/<id:listing_id>/report-a-problem", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=went_through)
@no_store
def report_problem(listing_id: int) -> Response | str:
    listing = public_listing_or_404(listing_id)
    form = ProblemForm()
    if form.validate_on_submit():
        if not form.website.data:
            problems.report(listing, form.kind.data, form.details.data or "", form.contact.data or "")
        return redirect(url_for(".problem_sent", listing_id=listing.id), 303)
    return render_template("organisations/report-problem.html", form=form, listing=listing)


@organisations_public.get("/directory/listings/<id:listing_id>/report-a-problem/sent")
def problem_sent(listing_id: int) -> str:
    listing = public_listing_or_404(listing_id)
    return render_template("organisations/problem-sent.html", listing=listing)


@organisations_public.route("/still-correct/<token>", methods=["GET", "POST"])
@no_store
def confirm_still_correct(token: str) -> Response | str | tuple[str, int]:
    """The emailed link opens a page with one button: nothing changes on a GET (mail
    scanners open links), and the button needs no sign-in."""
    found = still_correct.link_from_token(token)
    if isinstance(found, still_correct.LinkProblem):
        return render_template("organisations/check-link-problem.html", problem=found), 404
    listing = found[1]
    if request.method == "POST":
        still_correct.use_link(found[0], listing)
        return render_template("organisations/checked.html", listing=listing)
    return render_template("organisations/confirm-check.html", listing=listing, token=token)
