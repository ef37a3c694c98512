"""Coordinators' pages: the teams, their members, and the routing rules in order."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import clock
from portal.accounts.access import coordinator_required
from portal.practices.queries import practices_by_codes, practices_in
from portal.teams import pages, queries, services
from portal.teams.forms import MemberForm, RuleForm, TeamForm
from portal.teams.models import RuleKind, Team

teams = Blueprint("teams", __name__)
RULE_ID = "<id:rule_id>"


def _team_or_404(slug: str) -> Team:
    team = queries.team_by_slug(slug)
    if team is None:
        abort(404)
    return team


def _team_form(team: Team | None) -> TeamForm:
    """Offering the practices of the scheme's area, and any others the team covers already."""
    scheme = current_app.config["SETTINGS"].scheme
    if team is None:
        form = TeamForm(
            data={"roles": ["link_worker"], "first_contact_working_days": str(scheme.response_working_days)}
        )
    else:
        form = TeamForm(data=_team_data(team))
    area = list(practices_in(scheme.outward_codes))
    known = {practice.ods_code for practice in area}
    covered = practices_by_codes(team.practice_codes) if team else []
    form.offer([*area, *(practice for practice in covered if practice.ods_code not in known)])
    return form


def _team_data(team: Team) -> dict[str, object]:
    return {
        "name": team.name,
        "practices": team.practice_codes,
        "outward_codes": ", ".join(team.outward_codes),
        "min_age": "" if team.min_age is None else str(team.min_age),
        "max_age": "" if team.max_age is None else str(team.max_age),
        "roles": team.roles,
        "first_contact_working_days": str(team.first_contact_working_days),
        "urgent_inbox": team.urgent_inbox or "",
        "transfers_restart_promise": team.transfers_restart_promise,
    }


def _saved(form: TeamForm, team: Team | None) -> Team | None:
    """The team as saved, or None with the form's errors to show."""
    if not form.validate_on_submit():
        return None
    clash = queries.team_by_name(form.name.data or "")
    if clash is not None and clash is not team:
        form.name.errors = [_("There is already a team with this name")]
        return None
    if team is None:
        return services.create_team(form.details())
    services.update_team(team, form.details())
    return team


@teams.get("/coordinator/teams")
@coordinator_required
def list_teams() -> str:
    return render_template(
        "teams/teams.html",
        teams=queries.all_teams(),
        members=queries.member_counts(),
        counts=queries.open_counts_by_team(clock.now()),
        ages=pages.ages,
        role_label=pages.role_label,
    )


@teams.route("/coordinator/teams/new", methods=["GET", "POST"])
@coordinator_required
def add_team() -> Response | str:
    form = _team_form(None)
    if (team := _saved(form, None)) is not None:
        flash(_("Team added. Add the people in it, then the routing rules that send referrals to it."))
        return redirect(url_for(".edit_team", slug=team.slug), 303)
    return render_template("teams/team.html", form=form, team=None)


@teams.route("/coordinator/teams/<slug>", methods=["GET", "POST"])
@coordinator_required
def edit_team(slug: str) -> Response | str:
    team = _team_or_404(slug)
    form = _team_form(team)
    if _saved(form, team) is not None:
        flash(_("Saved. New referrals are routed by what the team covers now."))
        return redirect(url_for(".edit_team", slug=team.slug), 303)
    return _team_page(team, form, MemberForm(formdata=None))


def _team_page(team: Team, form: TeamForm, member_form: MemberForm) -> str:
    people = [(person.id, person.name) for person in queries.staff_not_in(team)]
    member_form.offer(people, team.roles)
    return render_template(
        "teams/team.html",
        form=form,
        team=team,
        members=queries.members_of(team),
        member_form=member_form,
        role_label=pages.role_label,
    )


@teams.post("/coordinator/teams/<slug>/members")
@coordinator_required
def add_member(slug: str) -> Response | str:
    team = _team_or_404(slug)
    form = MemberForm()
    people = {str(person.id): person for person in queries.staff_not_in(team)}
    form.offer([(person.id, person.name) for person in people.values()], team.roles)
    if not form.validate():
        return _team_page(team, _team_form(team), form)
    person = people[str(form.user.data)]
    services.add_member(team, person, str(form.care_role.data))
    flash(_("%(name)s is in %(team)s now.", name=person.name, team=team.name))
    return redirect(url_for(".edit_team", slug=team.slug, _anchor="members"), 303)


@teams.post("/coordinator/teams/<slug>/members/<id:user_id>/remove")
@coordinator_required
def remove_member(slug: str, user_id: int) -> Response:
    team = _team_or_404(slug)
    if not services.remove_member(team, user_id):
        abort(404)
    flash(_("Removed from %(team)s.", team=team.name))
    return redirect(url_for(".edit_team", slug=team.slug, _anchor="members"), 303)


def _rules_page(form: RuleForm) -> str:
    all_teams = queries.all_teams()
    form.offer([(team.slug, team.name) for team in all_teams])
    rows = pages.rule_rows(queries.rules_in_order(), {team.id: team for team in all_teams})
    return render_template("teams/rules.html", rows=rows, form=form, has_teams=bool(all_teams))


@teams.get("/coordinator/routing-rules")
@coordinator_required
def list_rules() -> str:
    return _rules_page(RuleForm(formdata=None))


@teams.post("/coordinator/routing-rules")
@coordinator_required
def add_rule() -> Response | str:
    form = RuleForm()
    all_teams = queries.all_teams()
    form.offer([(team.slug, team.name) for team in all_teams])
    if not form.validate():
        return _rules_page(form)
    kind = RuleKind(form.kind.data)
    team = next((team for team in all_teams if team.slug == form.team.data), None)
    if kind == RuleKind.AGE and team is not None and (team.min_age, team.max_age) == (None, None):
        form.team.errors = [_("%(team)s takes every age: give it an age range first", team=team.name)]
        return _rules_page(form)
    services.add_rule(kind, team, form.need.data or None, form.care_role.data or None)
    flash(_("Rule added at the end. New referrals are routed by it now."))
    return redirect(url_for(".list_rules"), 303)


@teams.post(f"/coordinator/routing-rules/{RULE_ID}/<any(up, down):direction>")
@coordinator_required
def move_rule(rule_id: int, direction: str) -> Response:
    rule = queries.rule_by_id(rule_id)
    if rule is None:
        abort(404)
    services.move_rule(rule, -1 if direction == "up" else 1)
    flash(_("Rule moved. New referrals are routed in the new order."))
    return redirect(url_for(".list_rules", _anchor=f"rule-{rule.id}"), 303)


@teams.post(f"/coordinator/routing-rules/{RULE_ID}/remove")
@coordinator_required
def remove_rule(rule_id: int) -> Response:
    rule = queries.rule_by_id(rule_id)
    if rule is None:
        abort(404)
    services.remove_rule(rule)
    flash(_("Rule removed. Referrals it routed stay where they are."))
    return redirect(url_for(".list_rules"), 303)
