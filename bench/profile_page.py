"""Where one page's time goes: pyinstrument over a few hundred first visits, in one process
(no HTTP), on the database directory_search.py builds.

Run: .venv/bin/python bench/profile_page.py /en/ [--count 300] [--cold]
(--cold: directory page cache off, so every search is rendered)
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from directory_search import COLD, WARM, build_database, environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    os.environ.update(environment(build_database(10_000, False), COLD if args.cold else WARM))
    from pyinstrument import Profiler

    from portal import create_app

    app = create_app()
    for _ in range(20):  # templates compiled, caches filled
        app.test_client().get(args.path)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(min(args.count, 5000)):
            app.test_client().get(args.path)  # a new client each time: a first visit, no cookie
    print(profiler.output_text(color=False))


if __name__ == "__main__":
    main()
