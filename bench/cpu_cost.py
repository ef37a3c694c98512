"""CPU time per request, measured inside one process through the WSGI app (no HTTP, no load
generator): steadier than requests per second on a machine shared with other work.

Run by directory_search.py as: python bench/cpu_cost.py INSTANCE_PATH
"""

from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))


def main(instance: str) -> None:
    os.environ.update(PORTAL_INSTANCE_PATH=instance, SECRET_KEY="benchmark-secret-key-that-is-long-enough")
    from bench_app import app
    from directory_search import SEARCHES

    client = app.test_client()
    for path in SEARCHES:  # warm up: templates, caches, database pages
        client.get(path)
    costs = {}
    for name, paths, count in (("hello", ("/bench/hello",), 3000), ("search", SEARCHES, 360)):
        started = time.process_time()
        for index in range(count):
            if client.get(paths[index % len(paths)]).status_code != 200:
                raise RuntimeError(f"{paths[index % len(paths)]} failed")
        costs[name] = (time.process_time() - started) / count * 1000
    print(json.dumps(costs))


if __name__ == "__main__":
    main(sys.argv[1])
