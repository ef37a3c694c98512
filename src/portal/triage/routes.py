"""The triage blueprint with all its views: the queue, the case and its pages, and search."""

from portal.triage import (  # noqa: F401 (they register their views)
    case_routes,
    connect_routes,
    search_routes,
    what_matters_routes,
)
from portal.triage.queue_routes import triage

__all__ = ["triage"]
