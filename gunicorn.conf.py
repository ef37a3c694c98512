"""gunicorn settings for one app server (`gunicorn --config gunicorn.conf.py wsgi:app`).

The app servers of one machine (APP_SERVERS, 2 as in the Procfile) share its cores: each runs
cores / APP_SERVERS worker processes, at least one (WEB_CONCURRENCY overrides), each with
WEB_THREADS threads (8) for requests that wait on the database, Redis or the network. A
request's Python holds the GIL, so more processes than cores only adds switching, memory,
database connections and directory page caches (one per process) that each miss apart. The
app writes
one JSON line per request itself, with the route instead of the path and never a query
string, so gunicorn's own access log is off; its error log is JSON like the rest.
"""

import os

from portal.web.request_log import JsonFormatter

_app_servers = max(1, int(os.environ.get("APP_SERVERS", "2")))
workers = int(os.environ.get("WEB_CONCURRENCY", max(1, (os.cpu_count() or 1) // _app_servers)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
# A request that takes longer than this is killed; a stop waits this long for requests in hand.
timeout = 30
graceful_timeout = 20
keepalive = 15  # the proxy keeps connections open between requests, and closes them first (Caddyfile)
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Several app servers run side by side: none needs gunicorn's control socket, and they would share one.
control_socket_disable = True
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def on_starting(server: object) -> None:
    """Refuse to serve with development settings, naming each that is missing."""
    from portal.production import problems

    found = problems()
    if found:
        raise SystemExit("Not starting: " + "; ".join(found))
