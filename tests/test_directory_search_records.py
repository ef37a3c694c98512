"""Search statistics are written in batches: by count, by time and at exit, each record once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import warnings

from sqlalchemy import func, select

from portal.db import get_database
from portal.directory.models import SearchRecord
from portal.directory.search_records import SearchFacts, SearchRecordBuffer

FACTS = SearchFacts(outward_code="LS6", place_outcome="postcode", result_count=3, locale="en", categories=["walking"])


def written(db) -> int:
    db.rollback()  # a fresh snapshot
    return int(db.scalar(select(func.count()).select_from(SearchRecord)) or 0)


def buffer_for(app, batch_size: int = 100, seconds: float = 60.0) -> SearchRecordBuffer:
    return SearchRecordBuffer(get_database(app).engine, batch_size=batch_size, seconds=seconds)


def test_records_wait_until_a_batch_is_full(app, db):
    buffer = buffer_for(app, batch_size=3)
    buffer.add(FACTS)
    buffer.add(FACTS)
    assert written(db) == 0
    buffer.add(FACTS)
    assert written(db) == 3 and buffer.waiting() == 0


def test_records_are_written_a_few_seconds_after_the_first_arrives(app, db):
    buffer = buffer_for(app, seconds=0.05)
    buffer.add(FACTS)
    deadline = time.monotonic() + 10
    while written(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert written(db) == 1 and buffer.waiting() == 0


def test_a_record_keeps_what_the_reports_need(app, db):
    buffer = buffer_for(app)
    buffer.add(FACTS)
    assert buffer.flush() == 1
    record = db.scalars(select(SearchRecord)).one()
    assert (record.outward_code, record.place_outcome, record.result_count) == ("LS6", "postcode", 3)
    assert record.locale == "en"
    assert record.categories == ["walking"] and record.filters == {} and record.created_at is not None


def test_nothing_is_written_twice_when_many_threads_search_and_flush(app, db):
    buffer = buffer_for(app, batch_size=7)

    def search() -> None:
        for _ in range(40):
            buffer.add(FACTS)

    threads = [threading.Thread(target=search) for _ in range(4)] + [threading.Thread(target=buffer.flush)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    buffer.flush()
    assert buffer.flush() == 0
    assert written(db) == 160


def test_what_is_waiting_is_written_when_the_process_exits(app, db, settings):
    script = textwrap.dedent(
        """
        import sys
        from portal.db import make_engine
        from portal.directory.search_records import SearchFacts, SearchRecordBuffer

        buffer = SearchRecordBuffer(make_engine(sys.argv[1]), batch_size=100, seconds=600)
        buffer.add(SearchFacts(outward_code="LS7", place_outcome="outward_code", result_count=0, locale="cy"))
        """
    )
    subprocess.run([sys.executable, "-c", script, settings.database_url], check=True, timeout=120)  # noqa: S603 (our script)
    assert db.scalars(select(SearchRecord.locale)).all() == ["cy"]


def test_a_forked_process_does_not_write_its_parents_records_again(app, db):
    buffer = buffer_for(app)
    buffer.add(FACTS)
    with warnings.catch_warnings():  # Python 3.12 warns about forking with threads; gunicorn does it
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # what a worker forked from a preloaded app does at exit
        os._exit(buffer.flush())
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert buffer.flush() == 1 and written(db) == 1
