"""CPU time of a question page with a draft (a person who started a self-referral GETting a
question), measured in one process through the WSGI app, next to a bare Flask hello-world's:
steadier than requests per second on a shared machine. `--profile` prints where the time of
the benchmark's page (the journey's first question) goes instead.

Run: .venv/bin/python bench/question_cost.py [--count 2000] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from directory_search import WARM, build_database, environment

START = "/en/refer-yourself"
# The first question (what public_pages.py measures), then one of each kind of field.
QUESTIONS = ("urgent", "name", "date-of-birth", "help-with", "contact", "language")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def client_with_draft(app: Any) -> Any:
    """A test client that has started a self-referral and answered the first few questions,
    so every question in QUESTIONS applies and shows the person's values."""
    client = app.test_client()
    token = TOKEN.search(client.get(START).get_data(as_text=True))
    assert token is not None
    csrf = token.group(1)
    assert client.post(START, data={"csrf_token": csrf}).status_code == 303
    for step, answers in (("urgent", {"urgent": "no"}), ("who-for", {"who_for": "me"})):
        sent = client.post(f"{START}/{step}", data={"csrf_token": csrf, **answers})
        assert sent.status_code == 303, (step, sent.status_code)
    return client


def cost_ms(get: Callable[[], int], count: int) -> float:
    for _ in range(min(count // 10, 200)):  # warm up: templates, caches, database pages
        get()
    started = time.process_time()
    for _ in range(count):
        if get() != 200:
            raise RuntimeError("a page failed")
    return (time.process_time() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    count = min(args.count, 20_000)
    os.environ.update(environment(build_database(10_000, False), WARM))
    from bare_hello import app as bare
    from bench_app import app

    client = client_with_draft(app)
    if args.profile:
        profile(client, count)
        return
    bare_client = bare.test_client()
    costs = {"bare hello-world": cost_ms(lambda: bare_client.get("/").status_code, count * 3)}
    for step in QUESTIONS:
        costs[step] = cost_ms(lambda step=step: client.get(f"{START}/{step}").status_code, count)
    for name, cost in costs.items():
        print(f"{name:<20} {cost:6.3f} ms CPU   {costs['bare hello-world'] / cost:5.2f} of hello-world")
    print(json.dumps(costs))


def profile(client: Any, count: int) -> None:
    from pyinstrument import Profiler

    path = f"{START}/{QUESTIONS[0]}"
    for _ in range(50):
        client.get(path)
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(count):
            client.get(path)
    print(profiler.output_text(color=False, show_all=False))


if __name__ == "__main__":
    main()
