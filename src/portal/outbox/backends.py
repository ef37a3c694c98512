"""Where messages go: the console or a folder in development, SMTP, or GOV.UK Notify."""

from __future__ import annotations

import json
import smtplib
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse

from portal.config import Settings
from portal.outbox.models import Channel, OutboxMessage
from portal.outbox.rendering import render_message


class PermanentFailure(Exception):
    """Retrying cannot help (no route for this channel, a rejected address)."""


class Backend(Protocol):
    def send(self, message: OutboxMessage) -> str | None:
        """Deliver or raise; returns the provider's reference when there is one."""

    def find_sent(self, message: OutboxMessage) -> str | None:
        """The provider's reference when it already accepted this message (a sender died
        before it could record that); None when it did not, or cannot say."""


def provider_reference(message: OutboxMessage) -> str:
    """Our own name for a message at the provider, so a sender that died mid-send can ask."""
    return f"portal-outbox-{message.id}"


class ConsoleBackend:
    """Development only: prints the message so a developer can read it."""

    def send(self, message: OutboxMessage) -> str | None:
        rendered = render_message(message.template, message.channel, message.locale, message.context)
        print(
            f"--- {message.channel} to {message.recipient}: {rendered.subject}\n{rendered.body}\n---", file=sys.stderr
        )
        return None

    def find_sent(self, message: OutboxMessage) -> str | None:
        return None


class FileBackend:
    """Writes each message to a file: for development and for tests that read what was sent."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, message: OutboxMessage) -> Path:
        return self.folder / f"{message.id:08d}-{message.template}-{message.channel}.json"

    def send(self, message: OutboxMessage) -> str | None:
        rendered = render_message(message.template, message.channel, message.locale, message.context)
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {"to": message.recipient, "subject": rendered.subject, "body": rendered.body, "locale": message.locale}
        self.path(message).write_text(json.dumps(record, ensure_ascii=False, indent=1))
        return self.path(message).name

    def find_sent(self, message: OutboxMessage) -> str | None:
        return self.path(message).name if self.path(message).exists() else None


class SMTPBackend:
    """Email over SMTP (`smtp://user:password@host:port?starttls=1`); texts need Notify."""

    def __init__(self, url: str, sender: str) -> None:
        self.url = urlparse(url)
        self.sender = sender

    def send(self, message: OutboxMessage) -> str | None:
        if message.channel != Channel.EMAIL:
            raise PermanentFailure("text messages need the Notify backend")
        rendered = render_message(message.template, message.channel, message.locale, message.context)
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.recipient, rendered.subject
        email.set_content(rendered.body)
        with smtplib.SMTP(self.url.hostname or "localhost", self.url.port or 25, timeout=20) as smtp:
            if parse_qs(self.url.query).get("starttls") == ["1"]:
                smtp.starttls()
            if self.url.username:
                smtp.login(unquote(self.url.username), unquote(self.url.password or ""))
            smtp.send_message(email)
        return None

    def find_sent(self, message: OutboxMessage) -> str | None:
        """SMTP cannot be asked: a message whose sender died mid-send may go twice."""
        return None


class NotifyBackend:
    """GOV.UK Notify: one Notify template per message and language, mapped in NOTIFY_TEMPLATES."""

    def __init__(self, api_key: str, template_ids: dict[str, str], base_url: str = "") -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        options = {"base_url": base_url} if base_url else {}
        self.client = NotificationsAPIClient(api_key, **options)  # type: ignore[no-untyped-call]
        self.template_ids = template_ids

    def template_id(self, message: OutboxMessage) -> str:
        key = f"{message.template}:{message.channel}:{message.locale}"
        fallback = f"{message.template}:{message.channel}:en"
        template_id = self.template_ids.get(key) or self.template_ids.get(fallback)
        if not template_id:
            raise PermanentFailure(f"no Notify template for {key}")
        return template_id

    def send(self, message: OutboxMessage) -> str | None:
        rendered = render_message(message.template, message.channel, message.locale, message.context)
        personalisation = {"subject": rendered.subject, "body": rendered.body}
        reference = provider_reference(message)
        if message.channel == Channel.SMS:
            reply = self.client.send_sms_notification(  # type: ignore[no-untyped-call]
                message.recipient, self.template_id(message), personalisation, reference=reference
            )
        else:
            reply = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                message.recipient, self.template_id(message), personalisation, reference=reference
            )
        return str(reply.get("id")) if isinstance(reply, dict) else None

    def find_sent(self, message: OutboxMessage) -> str | None:
        reply = self.client.get_all_notifications(reference=provider_reference(message))  # type: ignore[no-untyped-call]
        found = reply.get("notifications", []) if isinstance(reply, dict) else []
        return str(found[0]["id"]) if found else None


def make_backend(settings: Settings, notify_templates: dict[str, str]) -> Backend:
    if settings.outbox_backend == "smtp":
        return SMTPBackend(settings.smtp_url, settings.mail_from)
    if settings.outbox_backend == "notify":
        return NotifyBackend(settings.notify_api_key, notify_templates, settings.notify_base_url)
    if settings.outbox_backend == "file":
        return FileBackend(settings.instance_path / "outbox")
    return ConsoleBackend()
