"""Managing people: coordinators manage every account; an organisation's lead editor invites
and removes colleagues in their own organisation only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from portal.accounts import invitations, services
from portal.accounts.access import coordinator_required, org_admin_required, require_same_organisation, signed_in
from portal.accounts.audit.read import AuditFilter, find_events
from portal.accounts.forms import InviteColleagueForm, InviteUserForm
from portal.accounts.invitations import InvitationRequest
from portal.accounts.models import Invitation, Role, User
from portal.accounts.queries import (
    all_users,
    colleagues,
    invitation_by_id,
    organisation_by_id,
    organisations_for_editors,
    pending_invitations,
    user_by_id,
)
from portal.accounts.routes import accounts
from portal.accounts.services import AccountProblem


def _user_or_404(user_id: int) -> User:
    user = user_by_id(user_id)
    if user is None:
        abort(404)
    return user


def _invitation_or_404(invitation_id: int) -> Invitation:
    invitation = invitation_by_id(invitation_id)
    if invitation is None or invitation.accepted_at is not None or invitation.withdrawn_at is not None:
        abort(404)
    return invitation


@accounts.get("/users")
@coordinator_required
def list_users() -> str:
    return render_template(
        "accounts/users.html",
        users=all_users(),
        invitations=pending_invitations(),
        withdraw_endpoint="accounts.withdraw_invitation",
    )


def _invitation_request(form: InviteUserForm) -> InvitationRequest:
    role = Role(form.role.data)
    organisation = organisation_by_id(int(form.organisation.data)) if role == Role.ORG_EDITOR else None
    return InvitationRequest(
        email=form.email.data or "",
        name=form.name.data or "",
        role=role,
        organisation=organisation,
        is_org_admin=bool(form.can_invite.data),
    )


def _send_invitation(form: InviteUserForm | InviteColleagueForm, request: InvitationRequest) -> bool:
    try:
        invitation = invitations.invite(request, signed_in())
    except AccountProblem:
        form.email.errors.append(_("There is already an account with this email address"))
        return False
    flash(_("We have sent an invitation to %(email)s. It works for 7 days.", email=invitation.email))
    return True


@accounts.route("/users/invite", methods=["GET", "POST"])
@coordinator_required
def invite_user() -> str | WerkzeugResponse:
    form = InviteUserForm()
    form.organisation.choices = [SelectChoice("", _("Choose an organisation"))] + [
        SelectChoice(str(organisation.id), organisation.name) for organisation in organisations_for_editors()
    ]
    if form.validate_on_submit() and _send_invitation(form, _invitation_request(form)):
        return redirect(url_for("accounts.list_users"), 303)
    return render_template("accounts/invite-user.html", form=form)


@accounts.get("/users/<id:user_id>")
@coordinator_required
def show_user(user_id: int) -> str:
    user = _user_or_404(user_id)
    recent = find_events(AuditFilter(person=user.email), size=20).events
    return render_template("accounts/user.html", person=user, events=recent, is_me=user.id == signed_in().id)


def _change_user(user_id: int, change: str) -> WerkzeugResponse:
    user = _user_or_404(user_id)
    if user.id == signed_in().id:
        abort(403)  # never shown; a coordinator changes their own account from their account page
    messages = {
        "disable": (services.disable_user, _("%(name)s can no longer sign in.", name=user.name)),
        "enable": (services.enable_user, _("%(name)s can sign in again.", name=user.name)),
        "reset_mfa": (
            lambda u: services.turn_off_mfa(u, by=signed_in()),
            _("%(name)s will set up a new authenticator app when they next sign in.", name=user.name),
        ),
        "sign_out": (services.sign_out_everywhere, _("%(name)s has been signed out everywhere.", name=user.name)),
    }
    action, message = messages[change]
    action(user)
    flash(message)
    return redirect(url_for("accounts.show_user", user_id=user.id), 303)


@accounts.post("/users/<id:user_id>/disable")
@coordinator_required
def disable_user(user_id: int) -> WerkzeugResponse:
    return _change_user(user_id, "disable")


@accounts.post("/users/<id:user_id>/enable")
@coordinator_required
def enable_user(user_id: int) -> WerkzeugResponse:
    return _change_user(user_id, "enable")


@accounts.post("/users/<id:user_id>/reset-two-step-verification")
@coordinator_required
def reset_user_mfa(user_id: int) -> WerkzeugResponse:
    return _change_user(user_id, "reset_mfa")


@accounts.post("/users/<id:user_id>/sign-out-everywhere")
@coordinator_required
def sign_out_user(user_id: int) -> WerkzeugResponse:
    return _change_user(user_id, "sign_out")


@accounts.post("/invitations/<id:invitation_id>/withdraw")
@coordinator_required
def withdraw_invitation(invitation_id: int) -> WerkzeugResponse:
    invitation = _invitation_or_404(invitation_id)
    invitations.withdraw(invitation)
    flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email))
    return redirect(url_for("accounts.list_users"), 303)


# An organisation's own team


@accounts.get("/team")
@org_admin_required
def team() -> str:
    organisation_id = signed_in().organisation_id
    assert organisation_id is not None
    return render_template(
        "accounts/team.html",
        colleagues=colleagues(organisation_id),
        invitations=pending_invitations(organisation_id),
        organisation=signed_in().organisation,
        withdraw_endpoint="accounts.withdraw_colleague_invitation",
    )


@accounts.route("/team/invite", methods=["GET", "POST"])
@org_admin_required
def invite_colleague() -> str | WerkzeugResponse:
    form = InviteColleagueForm()
    me = signed_in()
    if form.validate_on_submit():
        request = InvitationRequest(
            email=form.email.data or "", name=form.name.data or "", role=Role.ORG_EDITOR, organisation=me.organisation
        )
        if _send_invitation(form, request):
            return redirect(url_for("accounts.team"), 303)
    return render_template("accounts/invite-colleague.html", form=form, organisation=me.organisation)


@accounts.post("/team/<id:user_id>/remove")
@org_admin_required
def remove_colleague(user_id: int) -> WerkzeugResponse:
    colleague = _user_or_404(user_id)
    require_same_organisation(colleague.organisation_id)
    if colleague.id == signed_in().id or colleague.role != Role.ORG_EDITOR:
        abort(403)
    services.disable_user(colleague)
    flash(_("%(name)s has been removed from your team.", name=colleague.name))
    return redirect(url_for("accounts.team"), 303)


@accounts.post("/team/invitations/<id:invitation_id>/withdraw")
@org_admin_required
def withdraw_colleague_invitation(invitation_id: int) -> WerkzeugResponse:
    invitation = _invitation_or_404(invitation_id)
    require_same_organisation(invitation.organisation_id)
    invitations.withdraw(invitation)
    flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email))
    return redirect(url_for("accounts.team"), 303)
