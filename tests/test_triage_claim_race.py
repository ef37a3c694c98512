"""8 link workers each trying 1,000 claims at once: no referral held twice, none lost."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.db import get_database
from portal.referrals.models import Referral
from portal.triage import claims
from tests.authz import make_user
from tests.triage_helpers import make_unsaved_referral

WORKERS = 8
ATTEMPTS = 1000
REFERRALS = 400  # fewer than the attempts, so most attempts race for what is left


def test_eight_workers_each_trying_a_thousand_claims_never_share_or_lose_a_referral(app, db):
    people = [make_user(db, f"worker{n}@example.org", Role.LINK_WORKER) for n in range(WORKERS)]
    referrals = [make_unsaved_referral(db) for _ in range(REFERRALS)]
    db.commit()
    ids = [referral.id for referral in referrals]
    sessionmaker = get_database(app).sessionmaker

    def work(number: int) -> list[int]:
        person = people[number]
        won: list[int] = []
        with app.app_context(), sessionmaker() as own:
            for attempt in range(ATTEMPTS):
                # Half the presses are Take on a chosen row, half are Take next.
                if attempt % 2:
                    claim = claims.take(own, ids[(attempt * 7 + number) % REFERRALS], person)
                else:
                    claim = claims.take_next(own, person)
                own.commit()
                if claim.newly_taken and claim.referral_id is not None:
                    won.append(claim.referral_id)
                elif claim.referral_id is not None:
                    assert claim.holder_id is not None  # a refusal always names who holds it
        return won

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(work, range(WORKERS)))

    won = [referral_id for result in results for referral_id in result]
    assert len(won) == len(set(won)) == REFERRALS  # nobody twice, nothing lost
    held = db.execute(select(Referral.holder_id, func.count()).group_by(Referral.holder_id)).all()
    assert sum(count for holder, count in held if holder is not None) == REFERRALS
    holders_by_referral = dict(db.execute(select(Referral.id, Referral.holder_id)).all())
    for number, result in enumerate(results):
        assert all(holders_by_referral[referral_id] == people[number].id for referral_id in result)
