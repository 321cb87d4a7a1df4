"""Server-drawn SVG bar charts and CSV tables: no chart library, nothing from a CDN.

A chart is an image with a title for screen readers; the table beside it carries the numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Bar colour and the text colour, chosen for contrast on white (WCAG AA).
BAR, INK = "#1d5fa8", "#1f2933"
_ROW, _LABEL, _WIDTH = 28, 180, 640


@dataclass(frozen=True)
class Table:
    """A table of figures: its id (for the CSV link), title, column headers and rows of cells."""

    id: str
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str | int | float]]


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, float]]) -> str:
    """Horizontal bars, one per label, each with its value written at its end."""
    top = max((value for _, value in bars), default=0) or 1
    height = _ROW * max(len(bars), 1) + 36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {_WIDTH} {height}" width="100%">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    span = _WIDTH - _LABEL - 60
    for n, (label, value) in enumerate(bars):
        y = 30 + n * _ROW
        width = max(round(span * value / top), 1 if value else 0)
        parts += [
            f'<text x="{_LABEL - 8}" y="{y + 17}" font-size="13" text-anchor="end" fill="{INK}">'
            f"{escape(_short(label))}</text>",
            f'<rect x="{_LABEL}" y="{y + 4}" width="{width}" height="{_ROW - 10}" fill="{BAR}"/>',
            f'<text x="{_LABEL + width + 6}" y="{y + 17}" font-size="13" fill="{INK}">{escape(_number(value))}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def csv_text(table: Table) -> str:
    """The table as CSV with a byte-order mark, so spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([[_cell(c) for c in row] for row in table.rows])
    return "\ufeff" + out.getvalue()


def _cell(value: str | int | float) -> str:
    text = _number(value) if isinstance(value, (int, float)) else value
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _short(label: str) -> str:
    return label if len(label) <= 12 else label[:11] + "…"
