"""Pages showing a person's answers or details must never be kept by a browser or proxy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, make_response
from werkzeug.wrappers import Response as WerkzeugResponse

AnyResponse = TypeVar("AnyResponse", bound=WerkzeugResponse)


def never_kept(response: AnyResponse) -> AnyResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def no_store(view: Callable[..., Any]) -> Callable[..., Response]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        return never_kept(make_response(view(*args, **kwargs)))

    return wrapper
