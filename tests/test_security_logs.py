"""Logs keep no query strings (what people searched for, postcodes, names) and no emailed
link's token, on any page, in the development server's log and gunicorn's access log (issue
10, also found). The URLs themselves keep their query strings, so searches can be shared."""

from __future__ import annotations

import logging
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

SEARCH = "/en/directory?q=bereavement&postcode=LS6+1AN"
PERSONAL = ("bereavement", "LS6", "Sam Jones", "not-a-real-token-0123456789")


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def captured():
    handler = Captured()
    loggers = [logging.getLogger(name) for name in ("werkzeug", "gunicorn.access")]
    before = [(logger.level, list(logger.handlers), logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield handler.lines
    for logger, (level, handlers, propagate) in zip(loggers, before, strict=True):
        logger.handlers[:] = handlers  # gunicorn's Logger adds its own
        logger.setLevel(level)
        logger.propagate = propagate


def test_the_servers_log_shows_the_page_but_not_what_was_searched(live_server, captured):
    for url in (SEARCH, "/en/triage?q=Sam+Jones", "/en/reset-password/not-a-real-token-0123456789"):
        try:
            urllib.request.urlopen(live_server + url).close()  # noqa: S310 (our own test server)
        except urllib.error.HTTPError as error:
            error.close()
    logged = "\n".join(captured)
    assert "GET /en/directory HTTP/1.1" in logged and "/en/reset-password/… HTTP/1.1" in logged
    assert not [marker for marker in PERSONAL if marker in logged]


def test_gunicorns_access_log_shows_the_page_but_not_what_was_searched(app, captured):
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s %(U)s %(q)s "%(f)s"')
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": SEARCH, "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/en/directory",
        "QUERY_STRING": SEARCH.split("?")[1], "HTTP_REFERER": f"https://portal.example{SEARCH}", "REMOTE_ADDR": "-",
    }  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    Logger(config).access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    logged = "\n".join(captured)
    assert '"GET /en/directory HTTP/1.1" 200 /en/directory' in logged
    assert not [marker for marker in PERSONAL if marker in logged]


def test_a_search_url_keeps_its_words_so_it_can_be_shared(client):
    page = client.get(SEARCH)
    assert page.one("input[name=q]")["value"] == "bereavement"
