"""The GP record's rows in the authorisation matrix: only the link worker holding the referral
or a coordinator adds the NHS number and the referrer, records consent and codes, previews and sends the GP
message (any other link worker gets 403); only coordinators see the codes sent per practice."""

from __future__ import annotations

from collections.abc import Callable

from tests.authz import MATRIX, ONLY_COORDINATOR, Row, World, expect


def _held(action: str) -> Callable[[World], str]:
    return lambda w: f"/en/triage/referrals/{w.extras['held'].reference}/{action}"


ROWS = [
    Row(
        "gp_record.change_nhs_number",
        _held("nhs-number"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"nhs_number": "943 476 5919"},
    ),
    Row(
        "gp_record.change_referrer",
        _held("referrer"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"referrer_name": "Dr Okafor", "referrer_email": "okafor@nhs.net"},
    ),
    Row(
        "gp_record.record_consent",
        _held("gp-consent"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"sharing": "codes_only", "asked_how": "phone"},
    ),
    Row("gp_record.record_accepted", _held("support-accepted"), expect("303", ONLY_COORDINATOR), "POST"),
    Row("gp_record.record_declined", _held("support-declined"), expect("303", ONLY_COORDINATOR), "POST"),
    Row("gp_record.preview_message", _held("gp-message"), expect("200", ONLY_COORDINATOR)),
    Row(
        "gp_record.send_message",
        _held("gp-message"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"route": "print"},
    ),
    Row("gp_record.codes_report", lambda _w: "/en/coordinator/gp-codes-sent", expect("200", ONLY_COORDINATOR)),
]

MATRIX.extend(ROWS)
