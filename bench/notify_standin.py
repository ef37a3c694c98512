"""A stand-in for GOV.UK Notify on this machine, for trial runs, the load test and the fault
tests: `python bench/notify_standin.py PORT RECORD_FILE`.

It accepts emails and texts as Notify's API does, answers look-ups by reference (the
outbox asks after a sender died mid-send), and writes one line per accepted message to
RECORD_FILE: its id, reference and kind, never the recipient or the words. With
STANDIN_DELAY_SECONDS it takes that long to answer after accepting, as a slow provider does:
a sender killed in that moment has had its message accepted without hearing so.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DELAY = float(os.environ.get("STANDIN_DELAY_SECONDS", "0"))


class Provider:
    def __init__(self, record_file: Path) -> None:
        self.record_file = record_file
        self.lock = threading.Lock()
        self.by_reference: dict[str, dict[str, str]] = {}
        if record_file.exists():  # a restarted provider still knows what it accepted
            for line in record_file.read_text().splitlines():
                notification = json.loads(line)
                self.by_reference.setdefault(notification["reference"], notification)

    def accept(self, kind: str, reference: str) -> dict[str, str]:
        with self.lock:
            notification = {"id": str(uuid.uuid4()), "reference": reference, "type": kind, "status": "delivered"}
            self.by_reference.setdefault(reference, notification)
            with self.record_file.open("a") as record:
                record.write(json.dumps(notification) + "\n")
            return notification


def handler_for(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet: nothing about messages is printed
            pass

        def reply(self, status: int, body: dict[str, object]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            kind = self.path.rstrip("/").rsplit("/", 1)[-1]
            sent = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            if kind not in ("sms", "email"):
                self.reply(404, {"errors": [{"error": "NotFound"}]})
                return
            notification = provider.accept(kind, str(sent.get("reference", "")))
            time.sleep(DELAY)
            self.reply(201, {"id": notification["id"], "reference": notification["reference"], "content": {}})

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.rstrip("/") != "/v2/notifications":
                self.reply(404, {"errors": [{"error": "NotFound"}]})
                return
            reference = parse_qs(url.query).get("reference", [""])[0]
            found = provider.by_reference.get(reference)
            self.reply(200, {"notifications": [found] if found else [], "links": {}})

    return Handler


def main() -> None:
    port, record_file = int(sys.argv[1]), Path(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(Provider(record_file)))
    print(f"Notify stand-in on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
