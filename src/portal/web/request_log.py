"""One log line per request, and every log line as JSON in production.

A line holds the time, level, request id (also sent back as `X-Request-Id`), the route as the
app declares it (`/<locale>/triage/referrals/<reference>`, never the path or query string a
person's browser sent), the status and the duration. Nothing a person typed reaches the logs:
messages are written by our own code, and an exception is logged by its type and where it was
raised, never by its text, which may quote what a person sent.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime
from typing import Literal

from flask import Flask, Response, current_app, g, has_request_context, request

log = logging.getLogger("portal.requests")

# What a proxy may hand us as the request id; anything else is replaced, so a client cannot
# write into our logs through the header.
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# Probed every few seconds by the proxy and the orchestrator: kept out of the info log.
QUIET_ENDPOINTS = frozenset({"site.healthz", "site.readyz", "static"})


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("route", "method", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (rid := getattr(record, "request_id", None)) is not None:
            line["request_id"] = rid
        line.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            line["error"] = kind.__name__
            line["where"] = "".join(traceback.format_tb(trace, limit=-8))
        return json.dumps(line, ensure_ascii=False)


def configure_logging(log_format: Literal["text", "json"]) -> None:
    """JSON lines on stdout for every logger (gunicorn's too, through its logconfig)."""
    root = logging.getLogger()
    if log_format == "json" and not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        root.handlers = [handler]
        root.setLevel(logging.INFO)


def _start() -> None:
    incoming = request.headers.get("X-Request-Id", "")
    behind_proxy = current_app.config["SETTINGS"].trusted_proxies > 0
    g.request_id = incoming if behind_proxy and REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    rid = g.get("request_id")
    if rid is None:  # a response built before the request began (a routing redirect)
        return response
    response.headers["X-Request-Id"] = rid
    duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
    level = logging.DEBUG if request.endpoint in QUIET_ENDPOINTS else logging.INFO
    route = request.url_rule.rule if request.url_rule else None
    log.log(
        level,
        "%s %s %s",
        request.method,
        route or "(no route)",
        response.status_code,
        extra={"route": route, "method": request.method, "status": response.status_code, "duration_ms": duration_ms},
    )
    return response


def init_app(app: Flask, log_format: Literal["text", "json"]) -> None:
    configure_logging(log_format)
    app.before_request(_start)
    app.after_request(_finish)
