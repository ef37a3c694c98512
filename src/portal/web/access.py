"""Who may reach each route.

Every view is either public (its blueprint is marked with `public_blueprint`) or carries a
role check; `tests/test_route_access.py` fails when a route has neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask

View = TypeVar("View", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "portal_access"


def public_blueprint(blueprint: Blueprint) -> Blueprint:
    setattr(blueprint, ACCESS_ATTRIBUTE, "public")
    return blueprint


def public_view(view: View) -> View:
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def mark_access(view: View, access: str) -> View:
    setattr(view, ACCESS_ATTRIBUTE, access)
    return view


def access_of(app: Flask, endpoint: str) -> str | None:
    """The access mark on an endpoint's view, else on its blueprint; None when unguarded."""
    view = app.view_functions[endpoint]
    if (mark := getattr(view, ACCESS_ATTRIBUTE, None)) is not None:
        return str(mark)
    blueprint_name = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    blueprint = app.blueprints.get(blueprint_name) if blueprint_name else None
    mark = getattr(blueprint, ACCESS_ATTRIBUTE, None) if blueprint else None
    return str(mark) if mark is not None else None
