"""What the team pages, the queue's team tabs and the case page's team section show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext

from portal.i18n import _l
from portal.referrals import choices
from portal.referrals.choices import label_of, options
from portal.referrals.models import Referral, ReferralStatus
from portal.teams import queries
from portal.teams.access import TakeRights
from portal.teams.models import ReferralTransfer, RoutingRule, RuleKind, Team
from portal.teams.queries import TeamCounts
from portal.teams.scopes import ALL, MINE, QueueScope

CARE_ROLES = options(
    ("link_worker", _l("Link worker")),
    ("family_link_worker", _l("Family link worker")),
    ("health_and_wellbeing_coach", _l("Health and wellbeing coach")),
    ("care_coordinator", _l("Care coordinator")),
    ("adviser", _l("Adviser")),
)
RULE_KINDS = options(
    (RuleKind.AREA.value, _l("By their GP practice, else their postcode area")),
    (RuleKind.AGE.value, _l("By their age")),
    (RuleKind.NEED.value, _l("By what they asked for help with")),
    (RuleKind.DEFAULT.value, _l("Everything else (the default team)")),
)


def _(message: str, **values: Any) -> str:
    """gettext, typed: everything here is words for a template."""
    return str(gettext(message, **values))


def role_label(role: str | None) -> str:
    return label_of(CARE_ROLES, role) if role else _("Anyone in the team")


def ages(min_age: int | None, max_age: int | None) -> str:
    if min_age is not None and max_age is not None:
        return _("%(youngest)d to %(oldest)d", youngest=min_age, oldest=max_age)
    if min_age is not None:
        return _("%(youngest)d and over", youngest=min_age)
    if max_age is not None:
        return _("Up to %(oldest)d", oldest=max_age)
    return _("Any age")


def when(kind: str, need: str | None, team_name: str, age_range: str) -> str:
    """The condition of a rule, in words."""
    if kind == RuleKind.AREA:
        return _("A team covers their GP practice or, if not, their postcode area")
    if kind == RuleKind.AGE:
        return _("Their age is one %(team)s takes (%(ages)s)", team=team_name, ages=age_range)
    if kind == RuleKind.NEED:
        return _("They asked for help with: %(need)s", need=label_of(choices.NEEDS, need))
    return _("No rule before it matched")


@dataclass(frozen=True)
class RuleRow:
    rule: RoutingRule
    number: int
    when: str
    goes_to: str
    taken_by: str
    movable: bool


def rule_rows(rules: Sequence[RoutingRule], teams: Mapping[int, Team]) -> list[RuleRow]:
    rows = []
    for number, rule in enumerate(rules, start=1):
        team = teams.get(rule.team_id or 0)
        name = team.name if team else ""
        age_range = ages(team.min_age, team.max_age) if team else ""
        goes_to = _("The team that covers it") if rule.kind == RuleKind.AREA else name
        rows.append(
            RuleRow(
                rule,
                number,
                when(rule.kind, rule.need, name, age_range),
                goes_to,
                role_label(rule.care_role),
                rule.kind != RuleKind.DEFAULT,
            )
        )
    return rows


def routed_by(snapshot: Mapping[str, Any] | None) -> str:
    """How the case was routed, from what was recorded at the time."""
    if not snapshot:
        return _("Not routed by a rule")
    age_range = ages(snapshot.get("min_age"), snapshot.get("max_age"))
    words = _(
        "Rule %(number)s: %(when)s",
        number=snapshot.get("number", ""),
        when=when(str(snapshot.get("kind")), snapshot.get("need"), str(snapshot.get("team", "")), age_range),
    )
    if snapshot.get("matched_by") == "practice":
        return words + " " + _("(their GP practice, %(code)s)", code=snapshot.get("practice_code", ""))
    if snapshot.get("matched_by") == "outward_code":
        return words + " " + _("(their postcode area, %(code)s)", code=snapshot.get("outward_code", ""))
    return words


@dataclass(frozen=True)
class ScopeTab:
    label: str
    url: str
    counts: TeamCounts
    current: bool


def _sum(counts: Sequence[TeamCounts]) -> TeamCounts:
    return TeamCounts(sum(c.open for c in counts), sum(c.urgent for c in counts), sum(c.overdue for c in counts))


def scope_tabs(scope: QueueScope, rights: TakeRights, teams: Sequence[Team], at: datetime) -> list[ScopeTab]:
    """Your teams (if you are in any), each team, and every team, each with its counts."""
    counts = queries.open_counts_by_team(at)

    def tab(label: str, key: str, shown: Sequence[int | None]) -> ScopeTab:
        value = "" if key == scope.default_key else key
        url = url_for("triage.show_queue", team=value or None)
        return ScopeTab(label, url, _sum([counts.get(team_id, TeamCounts()) for team_id in shown]), scope.key == key)

    tabs = [tab(_("Your teams"), MINE, [*rights.team_ids, None])] if rights.team_ids else []
    tabs += [tab(team.name, team.slug, [team.id]) for team in teams]
    return [*tabs, tab(_("All teams"), ALL, list(counts))]


def queue_teams(
    scope: QueueScope, rights: TakeRights, at: datetime, teams: Sequence[Team] | None = None
) -> dict[str, Any]:
    """`teams`: every team, when the page has read them already."""
    teams = queries.all_teams() if teams is None else teams
    return {"scope": scope, "scope_tabs": scope_tabs(scope, rights, teams, at) if teams else []}


@dataclass(frozen=True)
class TransferLine:
    transfer: ReferralTransfer
    from_team: str
    to_team: str


def case_team(referral: Referral, rights: TakeRights, may_change: bool) -> dict[str, Any]:
    """The case page's team section: the team, who takes it, how it was routed, its transfers."""
    teams = {team.id: team for team in queries.all_teams()}
    team = teams.get(referral.team_id or 0)
    names = {team_id: team.name for team_id, team in teams.items()}
    lines = [
        TransferLine(transfer, names.get(transfer.from_team_id or 0, ""), names.get(transfer.to_team_id, ""))
        for transfer in queries.transfers_of(referral)
    ]
    targets = [other for other in teams.values() if other.id != referral.team_id]
    return {
        "case_team": team,
        "case_team_role": role_label(referral.care_role),
        "case_routed_by": routed_by(referral.routed_by),
        "case_transfers": lines,
        "transfer_targets": targets,
        "may_transfer": may_change and referral.status != ReferralStatus.CLOSED and bool(targets),
        "in_this_team": rights.is_member(referral.team_id),
    }
