"""Open Referral UK: the directory published to the standard (`routes`, a read API at
`/api/oruk/`), and other directories' feeds taken in (`flask directory import-oruk`)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.api.cli import import_oruk, take_over_listing
    from portal.api.responses import add_cors_header, error_response
    from portal.api.routes import PREFIX, api
    from portal.directory.cli import directory_cli
    from portal.extensions import csrf
    from portal.web.errors import render_errors_under

    app.register_blueprint(api, url_prefix=PREFIX)
    csrf.exempt(api)  # nothing here changes anything, and only GET is answered
    render_errors_under(app, PREFIX, error_response)
    add_cors_header(app, PREFIX)
    directory_cli.add_command(import_oruk)
    directory_cli.add_command(take_over_listing)
