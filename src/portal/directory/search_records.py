"""Searches recorded for the unmet-need reports, written in batches.

A search only reads, but writing a `SearchRecord` row for each one made every search a
database write (an INSERT and a commit; on SQLite, the write lock). Instead each process keeps
the records of its latest searches in memory and writes them together: once `batch_size` are
waiting, at most `seconds` after the first of them arrived, and when the process exits (Python's
`atexit`, which gunicorn workers run on a graceful stop or restart). One thread per process
sleeps until records wait, then writes them `seconds` later. Each process writes only
its own records, each batch in one transaction, so several app servers never clash, and a
record leaves the buffer before it is written, so none is written twice; a forked child starts
with an empty buffer (its parent writes what it had).

What can be lost: when a process dies without exiting cleanly (killed, crashed, the machine
losing power) or a batch cannot be written, the statistics of its last few seconds of searches
(at most `batch_size` records). Only these anonymous search statistics are ever buffered:
anything a person submits (a referral, a call back request, a listing, an account change) is
committed with its own request, never here.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from flask import Flask, current_app
from sqlalchemy import Engine, Table, insert

from portal.db import utcnow
from portal.directory.models import SearchRecord

log = logging.getLogger(__name__)

BATCH_SIZE = 100
FLUSH_SECONDS = 5.0
EXTENSION = "directory_search_records"


@dataclass(frozen=True)
class SearchFacts:
    """What one search tells the unmet-need reports: never the text typed (only its words that
    are in `search_words`' vocabulary), never a full postcode."""

    outward_code: str | None
    place_outcome: str
    result_count: int
    locale: str
    categories: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    known_words: list[str] = field(default_factory=list)
    other_words: bool = False

    def row(self, created_at: datetime) -> dict[str, Any]:
        """A `search_record` row (sharing the lists: rows are only read, by the INSERT)."""
        return {
            "created_at": created_at,
            "outward_code": self.outward_code,
            "place_outcome": self.place_outcome,
            "result_count": self.result_count,
            "locale": self.locale,
            "categories": self.categories,
            "filters": self.filters,
            "known_words": self.known_words,
            "other_words": self.other_words,
        }


class SearchRecordBuffer:
    def __init__(self, engine: Engine, batch_size: int = BATCH_SIZE, seconds: float = FLUSH_SECONDS) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.seconds = seconds
        self._start_empty()
        _live_buffers.add(self)

    def _start_empty(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[dict[str, Any]] = []
        self._records_wait = threading.Event()
        self._flusher: threading.Thread | None = None

    def add(self, facts: SearchFacts) -> None:
        """Keep one search, stamped now; write the batch once it is full."""
        with self._lock:
            self._waiting.append(facts.row(utcnow()))
            count = len(self._waiting)
            if self._flusher is None:
                self._flusher = threading.Thread(target=self._flush_soon, name="search-records", daemon=True)
                self._flusher.start()
        if count >= self.batch_size:
            self.flush()
        elif count == 1:
            self._records_wait.set()

    def _flush_soon(self) -> None:
        while True:
            self._records_wait.wait()
            self._records_wait.clear()
            time.sleep(self.seconds)
            self.flush()

    def flush(self) -> int:
        """Write every waiting record now; returns how many were written."""
        with self._lock:
            batch, self._waiting = self._waiting, []
        if not batch:
            return 0
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(cast(Table, SearchRecord.__table__)), batch)
        except Exception:
            log.exception("could not write %d search records; they are lost", len(batch))
            return 0
        return len(batch)

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)


_live_buffers: weakref.WeakSet[SearchRecordBuffer] = weakref.WeakSet()


def _flush_every_buffer() -> None:
    for buffer in list(_live_buffers):
        buffer.flush()


def _empty_every_buffer_in_the_child() -> None:
    for buffer in list(_live_buffers):
        buffer._start_empty()


atexit.register(_flush_every_buffer)
os.register_at_fork(after_in_child=_empty_every_buffer_in_the_child)


def init_app(app: Flask, engine: Engine) -> None:
    app.extensions[EXTENSION] = SearchRecordBuffer(engine)


def search_records(app: Flask | None = None) -> SearchRecordBuffer:
    """The app's buffer; tests call `search_records(app).flush()` before reading the table."""
    return cast(SearchRecordBuffer, (app or current_app).extensions[EXTENSION])


def record_search(facts: SearchFacts | None) -> None:
    if facts is not None:
        search_records().add(facts)
