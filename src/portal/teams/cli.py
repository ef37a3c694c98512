"""`flask teams ...`: teams, their members and the routing rules, from the command line."""

from __future__ import annotations

import re

import click
from flask.cli import AppGroup

from portal.accounts.models import User
from portal.accounts.queries import user_by_email
from portal.db import session
from portal.referrals import choices
from portal.teams import queries, services
from portal.teams.models import CareRole, RuleKind, Team

teams_cli = AppGroup("teams", help="Teams and the routing rules that send referrals to them.")

ROLE_OPTIONS = [role.value.replace("_", "-") for role in CareRole]
AGES = re.compile(r"^\s*(\d{0,3})\s*-\s*(\d{0,3})\s*$")


def parse_ages(value: str | None) -> tuple[int | None, int | None]:
    """`0-17`, `18-` (18 and over) or `-17` (up to 17)."""
    if not value:
        return None, None
    found = AGES.match(value)
    if found is None:
        raise click.BadParameter("give ages as YOUNGEST-OLDEST, like 0-17, 18- or -64")
    youngest, oldest = found.groups()
    return (int(youngest) if youngest else None), (int(oldest) if oldest else None)


def team_named(name: str) -> Team:
    team = queries.team_by_name(name)
    if team is None:
        raise click.ClickException(f"no team called {name!r}")
    return team


def _codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip().upper() for value in values for code in re.split(r"[\s,]+", value) if code.strip()]


@teams_cli.command("create")
@click.argument("name")
@click.option("--practice", "practices", multiple=True, help="An ODS code it covers (repeat, or separate with commas).")
@click.option("--outward-code", "outward_codes", multiple=True, help="An outward code it covers, like LS6 (repeat).")
@click.option("--ages", help="The ages it takes, like 0-17 or 18-.")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLE_OPTIONS), help="A role in it (repeat).")
@click.option("--promise", "working_days", type=click.IntRange(1, 20), default=3, help="Working days to first contact.")
@click.option("--urgent-inbox", help="The email address for its urgent alerts.")
@click.option("--transfers-restart-promise", is_flag=True, help="Its promise applies to referrals transferred to it.")
def create_team(
    name: str,
    practices: tuple[str, ...],
    outward_codes: tuple[str, ...],
    ages: str | None,
    roles: tuple[str, ...],
    working_days: int,
    urgent_inbox: str | None,
    transfers_restart_promise: bool,
) -> None:
    """Add a team (link workers only unless --role says otherwise)."""
    youngest, oldest = parse_ages(ages)
    details = services.TeamDetails(
        name=name,
        practice_codes=_codes(practices),
        outward_codes=_codes(outward_codes),
        min_age=youngest,
        max_age=oldest,
        roles=[CareRole.from_option(role).value for role in roles] or [CareRole.LINK_WORKER.value],
        first_contact_working_days=working_days,
        urgent_inbox=urgent_inbox,
        transfers_restart_promise=transfers_restart_promise,
    )
    try:
        team = services.create_team(details)
    except services.TeamProblem as problem:
        raise click.ClickException(str(problem)) from problem
    session.commit()
    click.echo(f"Created team {team.name} ({team.slug})")


@teams_cli.command("list")
def list_teams() -> None:
    """One team a line: name, practices, outward codes, ages, roles, promise, urgent inbox, members."""
    members = queries.member_counts()
    for team in queries.all_teams():
        youngest, oldest = ("" if age is None else str(age) for age in (team.min_age, team.max_age))
        ages = f"{youngest}-{oldest}" if youngest or oldest else "-"
        fields = [
            team.name,
            ",".join(team.practice_codes) or "-",
            ",".join(team.outward_codes) or "-",
            ages,
            ",".join(role.replace("_", "-") for role in team.roles),
            f"{team.first_contact_working_days} working days",
            team.urgent_inbox or "-",
            f"{members.get(team.id, 0)} members",
        ]
        click.echo("\t".join(fields))


@teams_cli.command("add-member")
@click.argument("name")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_OPTIONS), help="Their role in the team (default: its first).")
def add_member(name: str, email: str, role: str | None) -> None:
    """Put a link worker or coordinator in a team (again: change their role in it)."""
    team = team_named(name)
    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    join(team, user, role)
    session.commit()
    click.echo(f"{user.email} is in {team.name}")


def join(team: Team, user: User, role: str | None) -> None:
    """For `teams add-member` and `users create --team`."""
    chosen = CareRole.from_option(role).value if role else team.roles[0]
    try:
        services.add_member(team, user, chosen)
    except services.TeamProblem as problem:
        raise click.ClickException(str(problem)) from problem


@teams_cli.command("rules")
def list_rules() -> None:
    """The routing rules in the order they are tried."""
    names = queries.team_names()
    for number, rule in enumerate(queries.rules_in_order(), start=1):
        team = names.get(rule.team_id or 0, "the covering team")
        extra = f" need={rule.need}" if rule.need else ""
        role = f" taken by {rule.care_role.replace('_', '-')}" if rule.care_role else ""
        click.echo(f"{number}\t{rule.kind}{extra}\t-> {team}{role}")


@teams_cli.command("add-rule")
@click.argument("kind", type=click.Choice([kind.value for kind in RuleKind]))
@click.option("--team", "team_name", help="The team it routes to (not for area rules).")
@click.option("--need", type=click.Choice([str(choice.value) for choice in choices.NEEDS]))
@click.option("--role", type=click.Choice(ROLE_OPTIONS), help="Only this role in the team takes them.")
def add_rule(kind: str, team_name: str | None, need: str | None, role: str | None) -> None:
    """Add a rule after the others (a default rule replaces the old default)."""
    team = team_named(team_name) if team_name else None
    try:
        services.add_rule(RuleKind(kind), team, need, CareRole.from_option(role).value if role else None)
    except services.TeamProblem as problem:
        raise click.ClickException(str(problem)) from problem
    session.commit()
    click.echo(f"Added a {kind} rule")
