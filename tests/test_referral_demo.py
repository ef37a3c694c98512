from sqlalchemy import select

from portal.referrals.demo import load_demo
from portal.referrals.models import Referral
from portal.referrals.references import ALPHABET


def test_demo_referrals_are_added_once_with_readable_references(db):
    load_demo(db)
    db.commit()
    assert load_demo(db) == ["Referrals: 0 demo referrals and call back requests added (6 in all)."]
    references = db.scalars(select(Referral.reference)).all()
    assert len(references) == 6 and all(set(reference) <= set(ALPHABET) for reference in references)
