"""`flask gp-record ...`: MESH delivery and practice mailboxes."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.db import session
from portal.gp_record import mesh
from portal.gp_record.models import PracticeMailbox

gp_record_cli = AppGroup("gp-record", help="Messages back to the GP record.")


@gp_record_cli.command("send")
def send() -> None:
    """Send the GP messages due over MESH, then record acknowledgements (the worker runs it too)."""
    click.echo(mesh.send_and_track())


@gp_record_cli.command("set-mailbox")
@click.argument("ods_code")
@click.argument("mailbox")
def set_mailbox(ods_code: str, mailbox: str) -> None:
    """Set the MESH mailbox a practice receives documents in."""
    found = session.get(PracticeMailbox, ods_code.upper())
    if found is None:
        session.add(PracticeMailbox(ods_code=ods_code.upper(), mailbox=mailbox.upper()))
    else:
        found.mailbox = mailbox.upper()
    session.commit()
    click.echo(f"{ods_code.upper()}: {mailbox.upper()}")
