"""What people type in the directory's search that is not a word of our own vocabulary (a
name, a phone number, a postcode) never reaches the database, the logs or the reports' counts."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.db import Base
from portal.directory.models import SearchRecord
from portal.directory.search_records import search_records
from portal.reports.cli import rebuild
from portal.reports.models import SearchGroupDayCount
from tests.directory_helpers import listing, with_postcodes
from tests.triage_helpers import clock_at

PERSONAL = ("jamie", "07700", "900123", "3ex")
TYPED = "Help for my son Jamie Walking, call 07700 900123, LS7 3EX"


def stored_text(db) -> str:
    """Every row of every table, as text."""
    db.expire_all()
    return "\n".join(str(tuple(row)) for table in Base.metadata.sorted_tables for row in db.execute(select(table)))


def test_words_outside_the_vocabulary_never_reach_the_database_the_logs_or_the_counts(app, db, client, caplog):
    with_postcodes(db)
    listing(db, "Walk", categories=["walking"])
    before = stored_text(db).casefold()
    # The app's own logs at every level. SQL statement logging (a developer's tool, off in
    # production) is left out: the directory search sends the words typed to the database.
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.WARNING, logger="sqlalchemy")
    client.get("/en/directory", query_string={"postcode": "LS6 1AN", "q": TYPED})
    search_records(app).flush()
    with app.app_context(), clock_at(app, datetime.now(UTC) + timedelta(days=2)):  # the search's day counted
        rebuild(None, None)
    record = db.scalars(select(SearchRecord)).one()
    assert (record.known_words, record.other_words) == (["walking"], True)
    after = stored_text(db).casefold()
    assert [marker for marker in PERSONAL if after.count(marker) != before.count(marker)] == []
    assert [marker for marker in PERSONAL if marker in caplog.text.casefold()] == []
    counted = db.scalars(select(SearchGroupDayCount.value).where(SearchGroupDayCount.dimension == "words")).all()
    assert sorted(counted) == ["", "", "walking", "walking"]  # for the scheme and LS6; "" is other words
