from sqlalchemy import select

from portal.accounts.demo import load_demo as load_accounts
from portal.referrals.demo import load_demo as load_referrals
from portal.triage.demo import load_demo
from portal.triage.models import CaseNote, ContactAttempt, WellbeingScore


def test_the_demo_link_worker_holds_three_cases_with_notes_and_attempts_once(app, db):
    with app.app_context():
        load_accounts(db)
        load_referrals(db)
        db.commit()
        load_demo(db)
        db.commit()
        assert load_demo(db)[0].startswith("Triage: 0 demo referrals taken")
    assert len(db.scalars(select(CaseNote)).all()) == 3
    assert len(db.scalars(select(ContactAttempt)).all()) == 3
    assert len(db.scalars(select(WellbeingScore)).all()) == 4
