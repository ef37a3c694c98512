"""gunicorn settings for one app server (`gunicorn --config gunicorn.conf.py wsgi:app`).

Each app server runs as many worker processes as the machine has cores (WEB_CONCURRENCY
overrides), each with a few threads for requests that wait on the database. The app writes
one JSON line per request itself, with the route instead of the path and never a query
string, so gunicorn's own access log is off; its error log is JSON like the rest.
"""

import os

from portal.web.request_log import JsonFormatter

workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
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
