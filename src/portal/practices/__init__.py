"""GP practices: the NHS's list of practices (epraccur), each with its ODS code.

The self-referral journey offers the practices of the scheme's area; teams cover practices by
ODS code; messages back to a person's GP go to the practice's secure address.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.practices.cli import practices_cli

    app.cli.add_command(practices_cli)
