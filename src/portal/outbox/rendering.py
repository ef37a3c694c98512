"""Messages are Jinja templates in templates/outbox/, each with a subject and a body block,
rendered in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import force_locale

from portal.outbox.models import Channel


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


def render_message(template_name: str, channel: Channel, locale: str, context: dict[str, Any]) -> RenderedMessage:
    template = current_app.jinja_env.get_template(f"outbox/{template_name}.txt")
    settings = current_app.config["SETTINGS"]
    with force_locale(locale):
        jinja_context = template.new_context({"scheme": settings.scheme, "channel": str(channel), **context})
        subject = "".join(template.blocks["subject"](jinja_context)).strip()
        jinja_context = template.new_context({"scheme": settings.scheme, "channel": str(channel), **context})
        body = "".join(template.blocks["body"](jinja_context)).strip()
    return RenderedMessage(subject=subject, body=body)
