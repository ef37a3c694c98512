"""Signing in (password, then a code or setting up an app), signing out, and staying signed in."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import Field

from portal.accounts import services, signing_in
from portal.accounts.access import signed_in, signed_in_required, signed_in_user
from portal.accounts.audit.record import record_event
from portal.accounts.forms import CodeForm, RecoveryCodeForm, SignInForm
from portal.accounts.models import User
from portal.accounts.navigation import staff_counts_for, staff_links_for
from portal.accounts.queries import recovery_codes_left, user_by_email
from portal.accounts.routes import accounts
from portal.accounts.routes.helpers import (
    authenticator_page,
    candidate_secret,
    finish_sign_in,
    limited,
    recovery_codes_page,
)
from portal.accounts.sessions import end_session, keep_alive, passive, seconds_left
from portal.accounts.throttling import (
    account_key,
    address_key,
    count_failure,
    failed,
    pending_account_key,
    remember_device,
)
from portal.web.access import public_view
from portal.web.caching import no_store
from portal.web.htmx import is_htmx


def _after_password(user: User) -> WerkzeugResponse:
    next_url = request.args.get("next")
    if user.has_mfa:
        signing_in.begin(user, next_url, signing_in.CODE)
        return redirect(url_for("accounts.enter_code"), 303)
    if user.needs_mfa:
        signing_in.begin(user, next_url, signing_in.ENROL)
        return redirect(url_for("accounts.set_up_authenticator"), 303)
    signing_in.begin(user, next_url, signing_in.CODE)
    return finish_sign_in(user, "password")


def _wrong_password(form: SignInForm) -> None:
    count_failure()
    user = user_by_email(form.email.data or "")
    reason = "disabled" if user and not user.active else "password" if user else "no_account"
    record_event(
        "sign_in.failed", "user" if user else None, user.id if user else None, {"reason": reason}, commit_now=True
    )
    form.email.errors.append(_("The email address and password do not match an account. Check them and try again"))


@accounts.route("/sign-in", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ACCOUNT", account_key, failed)
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, failed)
@no_store
def sign_in() -> str | WerkzeugResponse:
    if signed_in_user() is not None:
        return redirect(signing_in.destination(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.user_with_password(form.email.data or "", form.password.data or "")
        if user is not None:
            return _after_password(user)
        _wrong_password(form)
    return render_template("accounts/sign-in.html", form=form)


def _pending_or_restart(stage: str) -> User | WerkzeugResponse:
    user = signing_in.pending_user()
    if user is None or signing_in.pending_stage() != stage:
        flash(_("Sign in again to continue."))
        return redirect(url_for("accounts.sign_in"), 303)
    return user


def _code_refused(user: User, field: Field, message: str, detail: dict[str, Any] | None = None) -> None:
    """A code that did not work: counted against the limit, audited, and said beside the field."""
    count_failure()
    record_event("mfa.code_failed", "user", user.id, detail, actor=user, commit_now=True)
    field.errors.append(message)


@accounts.route("/sign-in/code", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_CODE_LIMIT_PER_ACCOUNT", pending_account_key, failed)
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, failed)
@no_store
def enter_code() -> str | WerkzeugResponse:
    user = _pending_or_restart(signing_in.CODE)
    if not isinstance(user, User):
        return user
    form = CodeForm()
    if form.validate_on_submit():
        if services.code_is_right(user, form.code.data or ""):
            return finish_sign_in(user, "authenticator")
        _code_refused(user, form.code, _("That code did not work. Enter the newest code from your authenticator app"))
    return render_template("accounts/enter-code.html", form=form)


@accounts.route("/sign-in/recovery-code", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_CODE_LIMIT_PER_ACCOUNT", pending_account_key, failed)
@limited("ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS", address_key, failed)
@no_store
def enter_recovery_code() -> str | WerkzeugResponse:
    user = _pending_or_restart(signing_in.CODE)
    if not isinstance(user, User):
        return user
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        if services.use_recovery_code(user, form.recovery_code.data or ""):
            response = finish_sign_in(user, "recovery_code")
            left = recovery_codes_left(user)
            flash(ngettext("You have %(num)d recovery code left.", "You have %(num)d recovery codes left.", left))
            flash(_("If you have lost your phone, set up your authenticator app again from your account page."))
            return response
        message = _("That recovery code did not work. Check it and try again")
        _code_refused(user, form.recovery_code, message, {"recovery_code": True})
    return render_template("accounts/enter-recovery-code.html", form=form)


@accounts.route("/sign-in/set-up-authenticator", methods=["GET", "POST"])
@public_view
@limited("ACCOUNTS_CODE_LIMIT_PER_ACCOUNT", pending_account_key, failed)
@no_store
def set_up_authenticator() -> str | Response | WerkzeugResponse:
    """Staff set up an authenticator app the first time they sign in."""
    user = _pending_or_restart(signing_in.ENROL)
    if not isinstance(user, User):
        return user
    form = CodeForm()
    secret = candidate_secret(user)
    if form.validate_on_submit():
        if services.confirm_authenticator(user, secret, form.code.data or ""):
            codes = services.new_recovery_codes(user, audit=False)
            response = recovery_codes_page(codes, signing_in.complete(user, "authenticator"))
            remember_device(response, user.email)
            return response
        count_failure()
        form.code.errors.append(_("That code did not work. Check the key in your app and enter the newest code"))
    return authenticator_page("accounts/set-up-authenticator.html", user, secret, form=form, signing_in=True)


@accounts.post("/sign-out")
@public_view
def sign_out() -> WerkzeugResponse:
    user = signed_in_user()
    if user is not None:
        record_event("sign_out", "user", user.id)
        end_session("signed_out")
    return redirect(url_for("accounts.signed_out"), 303)


@accounts.get("/signed-out")
@public_view
@no_store
def signed_out() -> str:
    because = request.args.get("because")
    return render_template("accounts/signed-out.html", because=because if because in ("idle", "everywhere") else None)


@accounts.post("/stay-signed-in")
@signed_in_required
def stay_signed_in() -> Response | WerkzeugResponse:
    keep_alive()
    if is_htmx():
        return Response(status=204, mimetype="text/plain")
    return redirect(signing_in.destination(request.form.get("next")), 303)


@accounts.get("/session-status")
@public_view
@passive
@no_store
def session_status() -> Response:
    """For the timeout warning: how long is left, without counting as activity."""
    return jsonify(signed_in=signed_in_user() is not None, seconds_left=seconds_left())


@accounts.get("/dashboard")
@signed_in_required
def dashboard() -> str:
    user = signed_in()
    return render_template(
        "accounts/dashboard.html", links=staff_links_for(user), counts=staff_counts_for(user), user=user
    )
