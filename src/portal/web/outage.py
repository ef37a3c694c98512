"""When the database cannot be reached, is read-only or its disk is full.

The person gets the scheme's "Sorry, there is a problem" page with its phone number and a 503,
never a confirmation; what they had already answered is saved and comes back with the
database. The page itself must not need the database, so the failed session is dropped and
nobody is treated as signed in while it renders. (A commit that fails after the view reaches
the 500 handler instead: the same page, with status 500.)
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g
from sqlalchemy.exc import DBAPIError, InterfaceError, InternalError, OperationalError
from werkzeug.wrappers import Response

from portal.web.errors import render_error

log = logging.getLogger(__name__)

# Connection refused or lost, disk full (OperationalError); a read-only database (InternalError).
OUTAGES = (OperationalError, InternalError, InterfaceError)


def database_unavailable(error: DBAPIError) -> Response:
    log.warning("database unavailable: %s", type(error.orig).__name__)
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.invalidate()
    # Flask-Login's cache of the signed-in account: render as nobody rather than ask the database.
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    return render_error(503)


def init_app(app: Flask) -> None:
    for outage in OUTAGES:
        app.register_error_handler(outage, database_unavailable)
