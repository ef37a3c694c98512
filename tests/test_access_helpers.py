"""The object-level check features call inside their views."""

import pytest
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from portal.accounts.access import require_same_organisation
from portal.accounts.models import AuditEvent, Role, User
from tests.authz import make_organisation, make_user


def check_as(app, user_id, organisation_id):
    with app.test_request_context("/en/listings/1"):
        from portal.db import session

        login_user(session.get(User, user_id))
        try:
            require_same_organisation(organisation_id)
        finally:
            session.commit()


def test_an_editor_reaches_their_own_organisations_records(app, db):
    a = make_organisation(db, "a")
    editor = make_user(db, "ed@example.org", Role.ORG_EDITOR, a)
    check_as(app, editor.id, a.id)


def test_an_editor_of_another_organisation_gets_not_found_and_the_attempt_is_audited(app, db):
    a, b = make_organisation(db, "a"), make_organisation(db, "b")
    editor = make_user(db, "ed@example.org", Role.ORG_EDITOR, a)
    with pytest.raises(NotFound):
        check_as(app, editor.id, b.id)
    refusal = db.scalar(select(AuditEvent))
    assert (refusal.action, refusal.actor_email, refusal.detail["status"]) == ("access.refused", "ed@example.org", 404)


def test_records_of_no_organisation_are_not_for_editors(app, db):
    editor = make_user(db, "ed@example.org", Role.ORG_EDITOR, make_organisation(db, "a"))
    with pytest.raises(NotFound):
        check_as(app, editor.id, None)


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.COORDINATOR])
def test_staff_reach_every_organisations_records(app, db, role):
    b = make_organisation(db, "b")
    check_as(app, make_user(db, "staff@example.org", role).id, b.id)
