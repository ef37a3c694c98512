"""The reports feature's rows in the authorisation matrix: every staff member may read the
reports (a link worker's figures are their own caseload's); nobody else may."""

from __future__ import annotations

from tests.authz import MATRIX, STAFF, Row, expect

ROWS = [
    Row("reports.show_reports", lambda _world: "/en/reports", expect("200", STAFF)),
    Row("reports.show_report", lambda _world: "/en/reports/responsiveness", expect("200", STAFF)),
    Row("reports.download_report", lambda _world: "/en/reports/referrals/download.csv", expect("200", STAFF)),
]

MATRIX.extend(ROWS)
