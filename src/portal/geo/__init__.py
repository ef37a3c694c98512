"""Postcodes: a local table of postcode centroids and the outward-code centroids built from it.

There is no network on the servers, so every lookup is local: the demo ships the Leeds
centroids it needs (`data/leeds_postcodes.csv`) and `flask geo import` loads the ONS Postcode
Directory or OS Code-Point Open for a real scheme.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.geo.cli import geo_cli

    app.cli.add_command(geo_cli)
