"""The staff navigation and the signed-in home page: each feature adds its own links.

add_staff_link(app, StaffLink("triage.queue", _l("Referrals"), _l("New self-referrals and
    call-back requests"), roles=STAFF_ROLES, order=10))
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from flask import Flask, current_app, request, url_for

from portal.accounts.models import Role, User
from portal.i18n import _l

EXTENSION = "portal_staff_links"
COUNTS = "portal_staff_counts"


@dataclass(frozen=True)
class StaffLink:
    endpoint: str
    title: str  # lazy strings, translated when the page renders
    description: str
    roles: Collection[Role]
    order: int
    # A further test on the user, e.g. only an organisation's lead editor.
    shown_if: Callable[[User], bool] | None = field(default=None, compare=False)

    @property
    def url(self) -> str:
        return url_for(self.endpoint)

    @property
    def is_current(self) -> bool:
        return request.endpoint == self.endpoint

    def is_for(self, user: User) -> bool:
        return Role(user.role) in self.roles and (self.shown_if is None or self.shown_if(user))


def add_staff_link(app: Flask, link: StaffLink) -> None:
    app.extensions.setdefault(EXTENSION, []).append(link)


# The navigation's groups, by where a link's `order` falls (features keep their own orders).
GROUPS = ((0, _l("Your work")), (30, _l("Directory")), (80, _l("Administration")))


def staff_link_groups(user: User) -> list[tuple[str, list[StaffLink]]]:
    """The user's links in groups, so a phone shows a short menu, not a screen of links."""
    grouped: dict[str, list[StaffLink]] = {}
    for link in staff_links_for(user):
        title = next(str(name) for start, name in reversed(GROUPS) if link.order >= start)
        grouped.setdefault(title, []).append(link)
    return list(grouped.items())


def staff_links_for(user: User) -> list[StaffLink]:
    links = current_app.extensions.get(EXTENSION, [])
    return sorted((link for link in links if link.is_for(user)), key=lambda link: link.order)


@dataclass(frozen=True)
class StaffCount:
    """A number on the signed-in home page ("3 changes waiting for review"), linking to its list."""

    endpoint: str
    words: Callable[[int], str]  # the number in words, with plurals (`ngettext`)
    roles: Collection[Role]
    count: Callable[[], int]
    order: int

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


def add_staff_count(app: Flask, count: StaffCount) -> None:
    app.extensions.setdefault(COUNTS, []).append(count)


def staff_counts_for(user: User) -> list[tuple[StaffCount, int]]:
    counts = sorted(current_app.extensions.get(COUNTS, []), key=lambda count: count.order)
    return [(count, count.count()) for count in counts if Role(user.role) in count.roles]
