"""Emailed links: resetting a forgotten password and accepting an invitation.

A link's token is moved from the URL into the session at once (then a redirect), so it does
not stay in the browser's history or the address bar."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.accounts import invitations, password_resets, signing_in
from portal.accounts.forms import AcceptInvitationForm, ChoosePasswordForm, ResetRequestForm
from portal.accounts.invitations import LinkState
from portal.accounts.models import Invitation, PasswordReset, User
from portal.accounts.routes import accounts
from portal.accounts.routes.helpers import finish_sign_in, limited, link_problem
from portal.accounts.services import AccountProblem
from portal.accounts.throttling import address_key, every_post, reset_account_key
from portal.db import session
from portal.web.access import public_view
from portal.web.caching import no_store
from portal.web.limits import went_through


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


@accounts.get("/reset-password/sent")
@public_view
@no_store
def reset_sent() -> str:
    return render_template("accounts/reset-sent.html", email=browser_session.get("reset_email"))


@accounts.get("/reset-password/<token>")
@public_view
@no_store
def open_reset_link(token: str) -> WerkzeugResponse:
    found = password_resets.find(token)
    if isinstance(found, LinkState):
        return link_problem(found, "reset")
    browser_session["reset_token"] = token
    return redirect(url_for("accounts.reset_password"), 303)


@accounts.route("/reset-password/new-password", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, every_post)
@no_store
def reset_password() -> str | WerkzeugResponse:
    found: PasswordReset | LinkState = password_resets.find(str(browser_session.get("reset_token", "")))
    if isinstance(found, LinkState):
        return link_problem(found, "reset")
    user = session.get(User, found.user_id)
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
    found = invitations.find(token)
    if isinstance(found, LinkState):
        return link_problem(found, "invitation")
    browser_session["invitation_token"] = token
    return redirect(url_for("accounts.accept_invitation"), 303)


@accounts.route("/accept-invitation", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, every_post)
@no_store
def accept_invitation() -> str | WerkzeugResponse:
    found: Invitation | LinkState = invitations.find(str(browser_session.get("invitation_token", "")))
    if isinstance(found, LinkState):
        return link_problem(found, "invitation")
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
