"""The outbox's codes in words, for a person's copy of their records: which message it was and
how its sending went."""

from __future__ import annotations

from portal.i18n import _l
from portal.outbox.models import DeliveryStatus
from portal.referrals.choices import options

TEMPLATES = options(
    ("referral-confirmation", _l("Confirmation that we received the referral")),
    ("urgent-referral-alert", _l("Alert to the duty team about an urgent referral")),
    ("suggested-listings", _l("Groups and services the link worker suggested")),
    ("how-did-it-go", _l("Question: did you go to the group?")),
    ("gp-message", _l("The message back to the GP")),
)
STATUSES = options(
    (DeliveryStatus.PENDING.value, _l("Waiting to send")),
    (DeliveryStatus.SENDING.value, _l("Sending")),
    (DeliveryStatus.SENT.value, _l("Sent")),
    (DeliveryStatus.FAILED.value, _l("Failed")),
)
