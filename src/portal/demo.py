"""`flask demo load`: realistic demonstration data, safe to run again and again.

Each feature adds its own loader to `LOADERS`; a loader adds only what is missing and returns
lines to print (sign-in details, counts).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

DemoLoader = Callable[[Session], list[str]]


def loaders() -> list[DemoLoader]:
    from portal.accounts.demo import load_demo as demo_accounts
    from portal.directory.demo import load_demo as directory_listings
    from portal.organisations.demo import load_demo as organisations
    from portal.practices.demo import load_demo as gp_practices
    from portal.referrals.demo import load_demo as referrals
    from portal.teams.demo import load_demo as teams
    from portal.triage.demo import load_demo as triage_cases

    # Practices and teams before the referrals, so that they are routed as they arrive.
    return [directory_listings, demo_accounts, gp_practices, teams, referrals, triage_cases, organisations]


def load_all(db: Session) -> list[str]:
    report: list[str] = []
    for loader in loaders():
        report += loader(db)
        db.commit()
    return report
