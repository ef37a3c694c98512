"""What the queue and case templates show, worked out once per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from babel import dates
from flask import g
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from wtforms import SelectChoice

from portal import clock
from portal.accounts.models import User
from portal.followups.queries import case_flags
from portal.referrals import choices
from portal.referrals.choices import label
from portal.referrals.models import Referral
from portal.teams import queries as team_queries
from portal.teams.access import TakeRights
from portal.teams.models import ReferralTransfer, Team
from portal.teams.scopes import QueueScope
from portal.triage import queries, timing
from portal.triage.forms import STATUSES, TYPES
from portal.triage.queries import QueueFilter
from portal.triage.timing import Timeliness


@dataclass(frozen=True)
class Row:
    referral: Referral
    type_label: str
    status_label: str
    timeliness: Timeliness
    holder: User | None
    needs: list[str]
    language: str
    may_take: bool = True  # by the rules of its team (see `portal.teams.access`)
    team_name: str = ""
    transferred_from: str | None = None  # the team it was last transferred from, if any

    @property
    def reference(self) -> str:
        return self.referral.reference


def _labels(offered: list[SelectChoice]) -> dict[str, str]:
    """A list's labels in the page's language, translated once per request (a queue page shows
    hundreds of them)."""
    cache: dict[int, dict[str, str]] = g.setdefault("triage_labels", {})
    if id(offered) not in cache:
        cache[id(offered)] = {str(choice.value): str(choice.label) for choice in offered}
    return cache[id(offered)]


def label_in(offered: list[SelectChoice], value: str | None) -> str:
    return _labels(offered).get(str(value), value or "") if value else ""


def needs_of(referral: Referral) -> list[str]:
    return [label_in(choices.NEEDS, need) for need in referral.needs or []]


def language_of(referral: Referral) -> str:
    name = label_in(choices.LANGUAGES, referral.language)
    if referral.language_other:
        name = f"{name}: {referral.language_other}"
    return name


def row_for(referral: Referral, holder: User | None, at: datetime, **teams: Any) -> Row:
    return Row(
        **teams,
        referral=referral,
        type_label=label_in(TYPES, timing.item_type(referral)),
        status_label=label_in(STATUSES, referral.status),
        timeliness=timing.timeliness(referral, at),
        holder=holder,
        needs=needs_of(referral),
        language=language_of(referral),
    )


def rows_for(
    referrals: Sequence[Referral], rights: TakeRights, at: datetime, team_names: dict[int, str] | None = None
) -> list[Row]:
    """The rows of a queue page, with what its team's rules allow this person (`team_names`:
    every team's, when the page has read the teams already)."""
    people = queries.holders({r.holder_id for r in referrals if r.holder_id})
    names = team_names if team_names is not None else {}
    if team_names is None and any(r.team_id for r in referrals):
        names = team_queries.team_names()
    transfers = team_queries.latest_transfers([r.id for r in referrals if r.team_id])
    return [
        row_for(
            referral,
            people.get(referral.holder_id) if referral.holder_id else None,
            at,
            may_take=rights.may_take(referral),
            team_name=names.get(referral.team_id or 0, ""),
            transferred_from=_transferred_from(transfers.get(referral.id), referral, names),
        )
        for referral in referrals
    ]


def _transferred_from(transfer: ReferralTransfer | None, referral: Referral, names: dict[int, str]) -> str | None:
    """Only while it waits in the team it was transferred to, so that team notices it."""
    if transfer is None or referral.holder_id or transfer.to_team_id != referral.team_id:
        return None
    return names.get(transfer.from_team_id or 0, "")


def queue_context(
    chosen: QueueFilter,
    me: User,
    summary: queries.OpenSummary,
    limit: int,
    page: int,
    scope: QueueScope,
    rights: TakeRights,
    teams: Sequence[Team],
) -> dict[str, Any]:
    at = clock.now()
    offset = (page - 1) * limit
    within = scope.condition()
    names = {team.id: team.name for team in teams}
    rows = rows_for(queries.queue(chosen, me, limit, offset, within), rights, at, names)
    total = len(rows) if page == 1 and len(rows) < limit else queries.count_matching(chosen, me, within)
    return {
        "rows": rows,
        "total": total,
        "page_number": page,
        "first_shown": offset + 1,
        "has_next": offset + len(rows) < total,
        "counts": [(label(STATUSES, status), status, count) for status, count in summary.counts.items()],
        "newest_id": queries.newest_id(),
        "flags": case_flags([row.referral.id for row in rows], at),
        "newest_transfer_id": team_queries.newest_transfer_id(),
        "now": at,
        "me": me,
    }


def _formatting() -> tuple[Any, Any, datetime]:
    """The page's locale, time zone and "now", looked up once per request: a queue page formats
    hundreds of times, and each lookup through Flask-Babel costs more than the formatting."""
    if "triage_formatting" not in g:
        g.triage_formatting = (get_locale(), get_timezone(), clock.now())
    return cast(tuple[Any, Any, datetime], g.triage_formatting)


def exact_time(moment: datetime | None) -> str:
    if not moment:
        return ""
    locale, zone, _now = _formatting()
    return str(dates.format_datetime(moment, "d MMM y, HH:mm", tzinfo=zone, locale=locale))


def relative_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    locale, _zone, now = _formatting()
    return str(dates.format_timedelta(moment - now, add_direction=True, granularity="minute", locale=locale))


def timeliness_tag(value: Timeliness) -> tuple[str, str] | None:
    if "triage_tags" not in g:
        g.triage_tags = {
            Timeliness.OVERDUE: ("tag--red", _("Overdue")),
            Timeliness.DUE_TODAY: ("tag--yellow", _("Due today")),
            Timeliness.PAUSED: ("tag--grey", _("Clock paused")),
        }
    return cast(dict[Timeliness, tuple[str, str]], g.triage_tags).get(value)
