"""The Excel template of an agency's contribution and reading it back (all or nothing).

The template lists the agency's figures with their code (the key read back), label, unit and the
values already typed; the agency fills in the "Giá trị" and "Thuyết minh" columns and uploads it.
Reading goes through app/spreadsheets.py (the importers' reader); a file with any bad row or a
figure missing changes nothing and says which rows to fix.
"""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from app.contributions import services
from app.contributions.services import ContributionError
from app.models import Contribution
from app.products.exporter import escape
from app.spreadsheets import ImportRejected, cell_text, match_key, read_table, unescape_cell

HEADERS = ("Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Thuyết minh", "Định nghĩa")
CODE, VALUE, NARRATIVE = 0, 3, 4
HEADER_ROW = 4


def template_bytes(contribution: Contribution) -> bytes:
    """The agency's figures as a workbook to fill in (Vietnamese, like the report it feeds)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet["A1"] = f"Số liệu báo cáo năm {contribution.round.year} – {contribution.agency.name}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = ("Điền cột Giá trị (số nguyên; tiền bằng đồng; ngày dd/mm/yyyy) và Thuyết minh; "
                   "không sửa cột Mã chỉ tiêu.")
    for col, header in enumerate(HEADERS, start=1):
        sheet.cell(row=HEADER_ROW, column=col, value=header).font = Font(bold=True)
    values = services.values_by_figure(contribution)
    for r, figure in enumerate(services.figures_of(contribution.agency), start=HEADER_ROW + 1):
        value = values.get(figure.id)
        cells = (figure.code, figure.label, figure.unit.title, services.shown_value(value),
                 value.narrative if value else "", figure.definition)
        for col, cell in enumerate(cells, start=1):
            sheet.cell(row=r, column=col, value=escape(cell)).number_format = "@"
    for col, width in zip("ABCDEF", (24, 50, 18, 18, 60, 60)):
        sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_upload(contribution: Contribution, filename: str, data: bytes) -> dict:
    """The uploaded figures as save_values() entries; ContributionError listing every problem."""
    try:
        rows = read_table(filename, data).rows
    except ImportRejected as error:
        raise ContributionError(error.message) from None
    header = next((n for n, row in enumerate(rows) if row and match_key(row[0]) == match_key(HEADERS[0])), None)
    if header is None:
        raise ContributionError(_("This is not the template of this contribution: the column \"%(column)s\" "
                                  "is missing. Download the template again.", column=HEADERS[0]))
    figures = {f.code: f for f in services.figures_of(contribution.agency)}
    entries, problems = {}, []
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        row = list(row) + [None] * (len(HEADERS) - len(row))
        code = cell_text(row[CODE])
        if not code:
            continue
        figure = figures.get(code)
        if figure is None or figure.id in entries:
            problems.append(_("Row %(row)d: unknown or repeated figure code \"%(code)s\".", row=number, code=code))
            continue
        raw = row[VALUE] if not isinstance(row[VALUE], str) else unescape_cell(row[VALUE])
        try:
            amount, day = services.parse_value(figure.unit, raw)
        except ContributionError as error:
            problems.append(_("Row %(row)d (%(label)s): %(message)s", row=number, label=figure.label,
                              message=error.message))
            continue
        entries[figure.id] = (amount, day, unescape_cell(cell_text(row[NARRATIVE])))
    missing = [f.label for f in figures.values() if f.id not in entries]
    if missing:
        problems.append(_("Figures missing from the file: %(labels)s.", labels="; ".join(missing)))
    if problems:
        raise ContributionError(" ".join(problems))
    return entries
