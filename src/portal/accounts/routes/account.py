"""A person's own account: password, authenticator app, recovery codes, email, sign out
everywhere. Changes to how they sign in first ask them to confirm it is them."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.accounts import passwords, services
from portal.accounts.access import refuse_access, signed_in, signed_in_required
from portal.accounts.audit.record import record_event
from portal.accounts.forms import ChangeEmailForm, ChangePasswordForm, CodeForm, ConfirmIdentityForm
from portal.accounts.models import User
from portal.accounts.queries import recovery_codes_left
from portal.accounts.routes import accounts
from portal.accounts.routes.helpers import (
    authenticator_page,
    candidate_secret,
    limited,
    recently_confirmed,
    recovery_codes_page,
)
from portal.accounts.services import AccountProblem
from portal.accounts.sessions import end_session
from portal.accounts.throttling import count_failure, failed, user_key
from portal.clock import now
from portal.web.redirects import own_path


@accounts.get("/account")
@signed_in_required
def account() -> str:
    user = signed_in()
    return render_template("accounts/account.html", user=user, codes_left=recovery_codes_left(user))


@accounts.route("/account/password", methods=["GET", "POST"])
@signed_in_required
@limited("ACCOUNTS_CODE_LIMIT_PER_ACCOUNT", user_key, failed)
def change_password() -> str | WerkzeugResponse:
    user = signed_in()
    form = ChangePasswordForm(account_email=user.email)
    if form.validate_on_submit():
        if passwords.verify_password(user.password_hash, form.current_password.data or ""):
            services.change_password(user, form.password.data or "")
            services.restart_session_after_change(user)
            flash(_("Your password has been changed. You have been signed out on every other device."))
            return redirect(url_for("accounts.account"), 303)
        count_failure()
        form.current_password.errors.append(_("Your current password is not right. Check it and try again"))
    return render_template("accounts/change-password.html", form=form)


def _identity_confirmed(user: User, form: ConfirmIdentityForm) -> bool:
    if not passwords.verify_password(user.password_hash, form.password.data or ""):
        form.password.errors.append(_("Your password is not right. Check it and try again"))
        return False
    if not user.has_mfa:
        return True
    code = form.code.data or ""
    if not code:
        form.code.errors.append(_("Enter the 6-digit code from your authenticator app, or a recovery code"))
        return False
    if services.code_is_right(user, code) or services.use_recovery_code(user, code):
        return True
    form.code.errors.append(_("That code did not work. Enter the newest code from your authenticator app"))
    return False


@accounts.route("/account/confirm-it-is-you", methods=["GET", "POST"])
@signed_in_required
@limited("ACCOUNTS_CODE_LIMIT_PER_ACCOUNT", user_key, failed)
def confirm_identity() -> str | WerkzeugResponse:
    user = signed_in()
    form = ConfirmIdentityForm()
    if form.validate_on_submit():
        if _identity_confirmed(user, form):
            browser_session["reauthenticated_at"] = now().isoformat()
            return redirect(own_path(request.args.get("next"), url_for("accounts.account")), 303)
        if form.password.errors or form.code.data:  # a wrong password or code, not a missing one
            count_failure()
            record_event("reauthentication.failed", "user", user.id, commit_now=True)
    return render_template("accounts/confirm-identity.html", form=form, user=user)


@accounts.route("/account/authenticator", methods=["GET", "POST"])
@signed_in_required
@recently_confirmed
def change_authenticator() -> str | Response:
    """Set up a new authenticator app (a new phone), or add one (organisation editors)."""
    user = signed_in()
    form = CodeForm()
    secret = candidate_secret(user)
    if form.validate_on_submit():
        if services.confirm_authenticator(user, secret, form.code.data or ""):
            return recovery_codes_page(services.new_recovery_codes(user, audit=False), url_for("accounts.account"))
        form.code.errors.append(_("That code did not work. Check the key in your app and enter the newest code"))
    return authenticator_page("accounts/set-up-authenticator.html", user, secret, form=form, signing_in=False)


@accounts.route("/account/recovery-codes", methods=["GET", "POST"])
@signed_in_required
@recently_confirmed
def create_recovery_codes() -> str | Response | WerkzeugResponse:
    user = signed_in()
    if not user.has_mfa:
        return redirect(url_for("accounts.account"), 303)
    if request.method == "POST":
        return recovery_codes_page(services.new_recovery_codes(user), url_for("accounts.account"))
    return render_template("accounts/create-recovery-codes.html")


@accounts.route("/account/turn-off-two-step-verification", methods=["GET", "POST"])
@signed_in_required
@recently_confirmed
def turn_off_mfa() -> str | WerkzeugResponse:
    """Only organisation editors may go without an authenticator app."""
    user = signed_in()
    if user.needs_mfa:
        refuse_access()
    if request.method == "POST":
        services.turn_off_mfa(user)
        flash(_("Two-step verification is turned off."))
        return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/turn-off-mfa.html")


@accounts.route("/account/email", methods=["GET", "POST"])
@signed_in_required
@recently_confirmed
def change_email() -> str | WerkzeugResponse:
    user = signed_in()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.change_email(user, form.email.data or "")
        except AccountProblem:
            form.email.errors.append(_("There is already an account with this email address"))
        else:
            flash(_("Your email address has been changed. We have told your old address too."))
            return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/change-email.html", form=form, user=user)


@accounts.post("/account/sign-out-everywhere")
@signed_in_required
def sign_out_everywhere() -> WerkzeugResponse:
    user = signed_in()
    services.sign_out_everywhere(user)
    end_session("everywhere")
    return redirect(url_for("accounts.signed_out", because="everywhere"), 303)
