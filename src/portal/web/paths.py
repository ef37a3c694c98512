"""Paths to our own pages for views that build many links (a results page has dozens): each
endpoint's path with fixed values is built by routing once per mount point and language, and
kept. Never for values that come from a person: those go in the query string."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import current_app, g, request, url_for

PATHS = "portal_paths"
PATH_LIMIT = 4096
URL_SAFE = "!$'()*,/:;?@"  # what Werkzeug leaves unquoted in a query string, as url_for does


def path_for(endpoint: str, **values: Any) -> str:
    cache: dict[tuple[object, ...], str] = current_app.extensions.setdefault(PATHS, {})
    key = (request.script_root, g.get("locale"), endpoint, *sorted(values.items()))
    path = cache.get(key)
    if path is None:
        if len(cache) >= PATH_LIMIT:
            cache.clear()
        path = cache[key] = url_for(endpoint, **values)
    return path


def query_string(pairs: list[tuple[str, str]]) -> str:
    """As url_for writes one."""
    return urlencode(pairs, safe=URL_SAFE)
