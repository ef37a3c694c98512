"""Link-worker accounts for the load test, one per simulated link worker (`make loadtest`), in
the same teams as the demo link worker.

A code from an authenticator app signs in once only, so simulated link workers sharing the
demo account would turn each other away. Run with the app servers' environment (the stack
does, `python -m tests.production.stack`): python bench/load/accounts.py [COUNT]
"""

from __future__ import annotations

import base64
import hashlib
import sys

PASSWORD = "load test link worker pass"


def email(number: int) -> str:
    return f"link.worker.{number}@load.example"


def authenticator_key(number: int) -> str:
    """The same key every run, from the account's number (throwaway accounts of a test)."""
    return base64.b32encode(hashlib.sha256(f"load-test-link-worker-{number}".encode()).digest()).decode()[:32]


def create(count: int) -> int:
    from sqlalchemy import select

    from portal import create_app
    from portal.accounts.models import Role, User
    from portal.accounts.passwords import hash_password
    from portal.db import get_database, utcnow
    from portal.teams.models import TeamMembership

    app = create_app()
    with app.app_context(), get_database(app).sessionmaker() as db:
        demo = db.scalars(select(TeamMembership).join(User).where(User.email == "link.worker@demo.example")).all()
        taken = set(db.scalars(select(User.email).where(User.email.like("link.worker.%@load.example"))))
        password_hash = hash_password(PASSWORD)  # one slow hash for all of them
        new = [number for number in range(1, count + 1) if email(number) not in taken]
        for number in new:
            user = User(
                email=email(number),
                name=f"Load Link Worker {number}",
                role=Role.LINK_WORKER,
                password_hash=password_hash,
                totp_secret=authenticator_key(number),
                totp_enrolled_at=utcnow(),
            )
            db.add(user)
            db.flush()
            db.add_all(TeamMembership(team_id=m.team_id, user_id=user.id, care_role=m.care_role) for m in demo)
        db.commit()
    return len(new)


if __name__ == "__main__":
    print(f"{create(int(sys.argv[1]) if len(sys.argv) > 1 else 200)} load-test link-worker accounts created")
