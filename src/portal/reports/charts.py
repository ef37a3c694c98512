"""Bar charts drawn as SVG on the server, made to be read by a screen reader too.

Each chart has a title and a description (`role="img"`, labelled by both), each bar carries its
number as text beside it, and the page gives the same numbers in a table below: nothing is
told by colour alone. Bars whose count is suppressed are drawn empty with the "<5" mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

ROW = 28
LABEL_WIDTH = 190
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | str  # a count, or a suppressed mark


def _number(value: int | float | str) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


ROW_MARKUP = Markup(
    '<text x="%(label_x)s" y="%(text_y)s" text-anchor="end" class="chart__label">%(label)s</text>'
    '<rect x="%(bar_x)s" y="%(top)s" width="%(width)s" height="%(height)s" class="chart__bar"/>'
    '<text x="%(value_x)s" y="%(text_y)s" class="chart__value">%(value)s</text>'
)
CHART_MARKUP = Markup(
    '<svg class="chart" role="img" viewBox="0 0 %(width)s %(height)s" width="100%%" '
    'preserveAspectRatio="xMinYMin meet" aria-labelledby="%(id)s-title %(id)s-desc" '
    'xmlns="http://www.w3.org/2000/svg">'
    '<title id="%(id)s-title">%(title)s</title><desc id="%(id)s-desc">%(description)s</desc>%(rows)s</svg>'
)


def _row(index: int, bar: Bar, longest: float) -> Markup:
    top = 12 + index * ROW
    width = round(BAR_WIDTH * _number(bar.value) / longest) if longest else 0
    label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
    return ROW_MARKUP % {
        "label_x": LABEL_WIDTH - 8,
        "text_y": top + 15,
        "label": label,
        "bar_x": LABEL_WIDTH,
        "top": top,
        "width": width,
        "height": ROW - 8,
        "value_x": LABEL_WIDTH + width + 6,
        "value": str(bar.value),
    }


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """A horizontal bar chart, one bar a row, labelled on the left and numbered on the right."""
    longest = max((_number(bar.value) for bar in bars), default=0.0)
    rows = Markup("").join(_row(index, bar, longest) for index, bar in enumerate(bars))
    return CHART_MARKUP % {
        "width": WIDTH,
        "height": 24 + ROW * max(len(bars), 1),
        "id": chart_id,
        "title": title,
        "description": description,
        "rows": rows,
    }
