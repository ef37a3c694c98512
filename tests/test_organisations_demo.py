from sqlalchemy import select

from portal.accounts.models import User
from portal.demo import load_all
from portal.directory.models import Listing
from portal.organisations import problems
from portal.organisations.models import ListingRevision, RevisionState


def test_the_demo_editor_has_listings_and_the_demo_change_and_problem_are_theirs(app, db):
    with app.app_context():
        load_all(db)
        editor = db.scalar(select(User).where(User.email == "editor@demo.example"))
        waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
        listed = db.scalars(select(Listing).where(Listing.organisation_id == editor.organisation_id)).all()
        assert editor.organisation.name == "Leeds Health Walks" and listed
        assert waiting.organisation_id == editor.organisation_id
        assert [problem.listing.organisation_id for problem in problems.open_problems(editor.organisation_id)] == [
            editor.organisation_id
        ]
