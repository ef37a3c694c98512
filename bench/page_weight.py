"""Page weight of public pages as a person on a slow connection downloads them: the HTML and
every same-origin CSS and JS file it loads, each gzip-compressed, in bytes and kB.

Run: .venv/bin/python bench/page_weight.py [PATH ...]   (default: the home page in each language)
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile

from bs4 import BeautifulSoup

from portal import create_app
from portal.config import load_settings

BUDGET_KB = 60


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weigh(client, path: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    response = client.get(path)
    html = response.get_data()
    sizes = {"html": gzipped_size(html)}
    soup = BeautifulSoup(html, "html.parser")
    stylesheets = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    assets = stylesheets + [tag["src"] for tag in soup.select("script[src]")]
    for url in assets:
        asset = client.get(url)
        sizes[url.split("?")[0].rsplit("/", 1)[-1]] = gzipped_size(asset.get_data())
        asset.close()
    return sizes


def main(paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as instance:
        environ = {**os.environ, "PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": instance, "SECRET_KEY": "x" * 40}
        app = create_app(load_settings(environ))
        client = app.test_client()
        for path in paths:
            sizes = weigh(client, path)
            total = sum(sizes.values())
            parts = ", ".join(f"{name} {size / 1024:.1f}" for name, size in sizes.items())
            verdict = "within" if total / 1024 <= BUDGET_KB else "OVER"
            print(f"{path}: {total / 1024:.1f} kB gzip ({parts}); {verdict} the {BUDGET_KB} kB budget")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/en/", "/cy/", "/ur/"])
