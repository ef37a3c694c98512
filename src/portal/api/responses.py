"""How every API response is sent: JSON, readable from any origin, cacheable by browsers and
proxies (with an ETag, so a client that has the page gets a 304), and errors as JSON too."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import default_exceptions

JSON = "application/json"
ERRORS = {
    400: ("bad_request", "The request could not be read."),
    404: ("not_found", "Nothing is published at this address."),
    405: ("method_not_allowed", "This API only answers GET requests."),
    413: ("too_large", "The request is too large."),
    429: ("too_many_requests", "Too many requests from this address: wait a minute and try again."),
    500: ("internal_server_error", "Something went wrong on our side."),
}


def _json(data: Any, status: int) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type=JSON)


def api_response(data: Any) -> Response:
    response = _json(data, 200)
    response.headers["Cache-Control"] = f"public, max-age={current_app.config['SETTINGS'].api_cache_seconds}"
    response.add_etag()
    response.make_conditional(request)  # turns it into a 304 in place when the client has it
    return response


def error_response(code: int, description: str) -> Response:
    """`description` is the API's own message; werkzeug's stock text gives way to ours."""
    kind, default = ERRORS.get(code, ("error", "The request could not be answered."))
    stock = default_exceptions.get(code)
    message = default if not description or (stock and description == stock.description) else description
    response = _json({"error": kind, "message": message}, code)
    response.headers["Cache-Control"] = "no-store"
    return response


def add_cors_header(app: Flask, prefix: str) -> None:
    """On every response under `prefix`, errors included: any web page may read the API."""

    @app.after_request
    def allow_any_origin(response: Response) -> Response:
        if request.path.startswith(prefix):
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response
