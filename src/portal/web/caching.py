"""Pages showing a person's answers or details must never be kept by a browser or proxy; pages
that show nothing of anyone's may be offered to the in-memory page cache (`directory.page_cache`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, make_response, request
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.extensions import limiter

AnyResponse = TypeVar("AnyResponse", bound=WerkzeugResponse)


def never_kept(response: AnyResponse) -> AnyResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def no_store(view: Callable[..., Any]) -> Callable[..., Response]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        return never_kept(make_response(view(*args, **kwargs)))

    return wrapper


KEEP = "portal.page_cache.keep"  # the WSGI environ key a view sets to offer its page


def offer_page(facts: object = None) -> None:
    """This view's response may be kept for the next person who brings nothing of their own,
    with what a hit must record again (a search's facts; None for a content page). The cache
    still keeps only a 200 that sets no cookie and does not contain its CSP nonce. A request
    checked against a rate limit is never offered, so the limiter sees every one."""
    if not limiter.current_limits:
        request.environ[KEEP] = facts


def offered_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose page depends only on its URL, its language and the day."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        offer_page()
        return view(*args, **kwargs)

    return wrapper
