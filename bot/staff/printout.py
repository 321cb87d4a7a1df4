"""The application as a PDF to print or file: answers, items, documents, on A4 with a Chinese font.

ReportLab's STSong-Light is one of the Adobe Asian fonts every PDF reader supplies: the PDF
needs no font file on the server and stays small.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from handlers.catalog.schema import Scenario
from handlers.review import shown_value
from locales import translate
from models import db
from models.case import Case

LANG = "zh_CN"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15)
_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
_HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4)


def t(key: str, **params: object) -> str:
    return translate(LANG, f"printout.{key}", **params)


def application_pdf(case: Case, scenario: Scenario, items: list[tuple[str, str, str, str]]) -> bytes:
    """``items``: each item's name, department, status and due date, as the page shows them."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=case.number)
    filed = case.created_at.astimezone(ZoneInfo(db.ZONE))
    answers = [
        (q.label.get(LANG), shown_value(q, case.answers[q.key], LANG, translate))
        for q in scenario.fields
        if q.key in case.answers
    ]
    story = [
        Paragraph(escape(t("title", number=case.number, name=scenario.name.get(LANG))), _TITLE),
        Paragraph(escape(t("filed", filed=f"{filed:%Y-%m-%d %H:%M}")), _BODY),
        Paragraph(escape(t("answers")), _HEAD),
        _table(answers),
        Paragraph(escape(t("items")), _HEAD),
        _table(
            [(name, " · ".join(x for x in (department, status, due) if x)) for name, department, status, due in items]
        ),
        Spacer(1, 6 * mm),
        Paragraph(escape(t("footer")), _BODY),
    ]
    doc.build(story)
    return out.getvalue()


def _table(rows: list[tuple[str, str]]) -> Table:
    cells = [[Paragraph(escape(label), _BODY), Paragraph(escape(str(value)), _BODY)] for label, value in rows]
    table = Table(cells or [["", ""]], colWidths=[55 * mm, 119 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
