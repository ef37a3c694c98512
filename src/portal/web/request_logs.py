"""Request lines in the logs carry no query strings and no emailed link's token.

A query string holds what a person looked for (`q=bereavement`), their postcode, the name a
link worker searched, or the person an audit filter names. The URLs keep them, so a search can
be shared and bookmarked; the logs (the development server's, gunicorn's access log) never
do, on any page. The token of a password reset, an invitation or a "still correct?" link is
the link itself: whoever reads it in a log could use it, so it is masked too.

`gunicorn.conf.py` needs nothing of its own: the app adds the filter to gunicorn's access
logger in each worker, where the access lines are written.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")
MASK = "…"
# "GET /en/directory?q=walk HTTP/1.1", as both servers write a request line.
_REQUEST_LINE = re.compile(r"(?P<method>[A-Z]+) (?P<target>\S+)(?P<rest> HTTP/[0-9.]+)")


class RequestLogFilter(logging.Filter):
    def __init__(self, url_map: Map) -> None:
        super().__init__()
        self.adapter = url_map.bind("localhost")

    def path_only(self, target: str) -> str:
        """The target without its query string, and with any link token masked."""
        path = target.split("?", 1)[0]
        try:
            _endpoint, arguments = self.adapter.match(path, method="GET")
        except HTTPException:
            return path
        token = arguments.get("token")
        return path.replace(str(token), MASK) if token else path

    def request_line(self, text: str) -> str:
        return _REQUEST_LINE.sub(lambda m: f"{m['method']} {self.path_only(m['target'])}{m['rest']}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):  # gunicorn's access log: named atoms, changed in place
            self.clean_gunicorn_atoms(record.args)
        elif isinstance(record.args, tuple):
            record.args = tuple(self.request_line(arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = self.request_line(record.msg)
        return True

    def clean_gunicorn_atoms(self, atoms: dict[str, Any]) -> None:
        """`r` is the request line, `U` the path, `q` the query string and `f` the referrer."""
        if isinstance(atoms.get("r"), str):
            atoms["r"] = self.request_line(atoms["r"])
        for name in ("U", "f"):
            if isinstance(atoms.get(name), str):
                atoms[name] = self.path_only(atoms[name])
        if "q" in atoms:
            atoms["q"] = ""


def init_app(app: Flask) -> None:
    """After the blueprints: the filter reads the routes to find links' tokens."""
    request_filter = RequestLogFilter(app.url_map)
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RequestLogFilter)]:
            logger.removeFilter(old)  # a second app in one process (the tests) replaces the first's
        logger.addFilter(request_filter)
