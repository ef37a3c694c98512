"""A counter of changes to published listings in this process, so pages kept in memory
(`page_cache`) are never served once a listing they might show has changed here.

It moves on when a listing is indexed, and again when that change is committed: a search that
read the old data between the two (the change was not yet visible to it) is then not kept
either. Other processes, and changes made by the command line, are not seen: pages there
expire by themselves (`DIRECTORY_CACHE_SECONDS`)."""

from __future__ import annotations

from itertools import count

from sqlalchemy import event
from sqlalchemy.orm import Session

_CHANGED = "directory_listings_changed"
_counter = count(1)
_generation = 0


def generation() -> int:
    return _generation


def listings_changed(db: Session | None = None) -> None:
    """Call when a published listing changes; with its session, again once that commits."""
    global _generation
    _generation = next(_counter)
    if db is not None:
        db.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _committed(db: Session) -> None:
    if db.info.pop(_CHANGED, False):
        listings_changed()
