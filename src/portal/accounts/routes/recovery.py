"""Emailed links: resetting a forgotten password and accepting an invitation.

A link's token is moved from the URL into the session at once (then a redirect), so it does
not stay in the browser's history or the address bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect, render_template, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.accounts import invitations, password_resets, queries, signing_in
from portal.accounts.forms import AcceptInvitationForm, ChoosePasswordForm, ResetRequestForm
from portal.accounts.invitations import LinkState
from portal.accounts.models import Invitation, PasswordReset
from portal.accounts.routes import accounts
from portal.accounts.routes.helpers import finish_sign_in, limited, link_problem
from portal.accounts.services import AccountProblem
from portal.accounts.throttling import address_key, every_post, reset_account_key
from portal.web.access import public_view
from portal.web.caching import no_store
from portal.web.limits import went_through

Link = TypeVar("Link", PasswordReset, Invitation)


@accounts.route("/reset-password", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_RESET_LIMIT_PER_ACCOUNT", reset_account_key, went_through)
@limited("ACCOUNTS_RESET_LIMIT_PER_ADDRESS", address_key, went_through)
@no_store
def request_reset() -> str | WerkzeugResponse:
    form = ResetRequestForm()
    if form.validate_on_submit():
        password_resets.request_reset(form.email.data or "")
        browser_session["reset_email"] = form.email.data
        return redirect(url_for("accounts.reset_sent"), 303)
    return render_template("accounts/request-reset.html", form=form)


def _keep_token_off_the_url(found: object, token: str, kind: str, next_endpoint: str) -> WerkzeugResponse:
    """A usable link's token moves into the session, then a redirect takes it out of the address
    bar (and the history, and any Referer); an unusable one says why."""
    if isinstance(found, LinkState):
        return link_problem(found, kind)
    browser_session[f"{kind}_token"] = token
    return redirect(url_for(next_endpoint), 303)


def _opened_link(kind: str, find: Callable[[str], Link | LinkState]) -> Link | WerkzeugResponse:
    """The link this browser opened (its token kept in the session), or why it no longer works."""
    found = find(str(browser_session.get(f"{kind}_token", "")))
    return link_problem(found, kind) if isinstance(found, LinkState) else found


@accounts.get("/reset-password/sent")
@public_view
@no_store
def reset_sent() -> str:
    return render_template("accounts/reset-sent.html", email=browser_session.get("reset_email"))


@accounts.get("/reset-password/<token>")
@public_view
@no_store
def open_reset_link(token: str) -> WerkzeugResponse:
    return _keep_token_off_the_url(password_resets.find(token), token, "reset", "accounts.reset_password")


@accounts.route("/reset-password/new-password", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, every_post)
@no_store
def reset_password() -> str | WerkzeugResponse:
    found = _opened_link("reset", password_resets.find)
    if not isinstance(found, PasswordReset):
        return found
    user = queries.user_by_id(found.user_id)
    form = ChoosePasswordForm(account_email=user.email if user else None)
    if form.validate_on_submit():
        try:
            password_resets.reset_password(found, form.password.data or "")
        except AccountProblem:
            return link_problem(LinkState.USED, "reset")
        browser_session.pop("reset_token", None)
        flash(_("Your password has been changed. Sign in with your new password."))
        return redirect(url_for("accounts.sign_in"), 303)
    return render_template("accounts/reset-password.html", form=form)


@accounts.get("/invitation/<token>")
@public_view
@no_store
def open_invitation(token: str) -> WerkzeugResponse:
    return _keep_token_off_the_url(invitations.find(token), token, "invitation", "accounts.accept_invitation")


@accounts.route("/accept-invitation", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, every_post)
@no_store
def accept_invitation() -> str | WerkzeugResponse:
    found = _opened_link("invitation", invitations.find)
    if not isinstance(found, Invitation):
        return found
    form = AcceptInvitationForm(account_email=found.email, data={"name": found.name})
    if form.validate_on_submit():
        try:
            user = invitations.accept(found, form.name.data or "", form.password.data or "")
        except AccountProblem:
            return link_problem(LinkState.USED, "invitation")
        if user.needs_mfa:
            signing_in.begin(user, None, signing_in.ENROL)
            return redirect(url_for("accounts.set_up_authenticator"), 303)
        signing_in.begin(user, None, signing_in.CODE)
        return finish_sign_in(user, "invitation")
    return render_template("accounts/accept-invitation.html", form=form, invitation=found)
