"""htmx only enhances: one template renders the whole page or, for htmx, just its partial."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template
from htmx_flask import request


def is_htmx() -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def render_page_or_partial(page: str, partial: str, **context: Any) -> Response:
    """Render `partial` alone for an htmx request and `page` (which includes it) otherwise.

    The response varies on HX-Request so no cache hands a fragment to a full page load.
    """
    template = partial if is_htmx() else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response
