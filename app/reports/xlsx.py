"""The report as an Excel workbook: a cover sheet, then one sheet per table, values only.

No formulas: totals are written as the numbers the report computed, so the file shows the
same figures as the page and the PDF whatever program opens it. Text typed by people (sources,
notes) that a spreadsheet would evaluate is neutralised with a leading apostrophe.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.products.exporter import escape
from app.reports.tables import Dec, Pct, Table

#: sheet names (at most 31 characters, none of []:*?/\) by table key
SHEET_NAMES = {
    "kpi": "Chỉ tiêu kế hoạch",
    "applications": "Đơn theo loại",
    "stages": "Tình trạng đơn",
    "trend": "Đơn theo năm",
    "other_rights": "QTG, QLQ, giống cây",
    "sources": "Nguồn số liệu",
    "ocop_summary": "OCOP ưu tiên",
    "ocop_stars": "OCOP theo sao",
    "ocop_groups": "OCOP theo nhóm",
    "support": "Hỗ trợ chủ thể",
    "wards": "Theo xã phường",
    "districts": "Theo huyện cũ",
    "deadlines": "Thời hạn",
}
#: the sheets of the agencies' contributions, present only when the year had a collection round
#: (app/reports/contributed.py)
CONTRIBUTION_SHEET_NAMES = {
    "contrib_other_rights": "Đóng góp QTG, giống cây",
    "contrib_ocop": "Đóng góp OCOP",
    "contrib_enforcement": "Đóng góp kiểm tra, xử lý",
    "contrib_training": "Đóng góp tập huấn, tuyên truyền",
    "contrib_resources": "Đóng góp nhân lực, kinh phí",
    "contrib_missing": "Cơ quan chưa đóng góp",
}
#: the sheets of a review over several years (app/reports/review.py)
REVIEW_SHEET_NAMES = {
    "review_years": "Kết quả từng năm",
    "review_contributed": "Đóng góp theo năm",
    "review_missing": "Chưa đóng góp theo năm",
}
#: rows above a table's header on its sheet: report title, table title, date of the figures, blank
HEADER_ROW = 5


def cell_value(value):
    """A table cell as a spreadsheet value: numbers stay numbers, '—' where there is none."""
    if isinstance(value, Pct):
        return ("—", None) if value.value is None else (round(value.value, 4), "0.0%")
    if isinstance(value, Dec):
        return ("—", None) if value.value is None else (round(value.value, 1), "0.0")
    if value is None:
        return "—", None
    if isinstance(value, int):
        return value, "#,##0"
    return escape(str(value)), None


def workbook_bytes(title: str, as_of_line: str, cover: list[tuple[str, str]], tables: list[Table],
                   empty_message: str | None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thông tin"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = as_of_line
    for n, (label, value) in enumerate(cover, start=4):
        sheet.cell(row=n, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=n, column=2, value=escape(value))
    if empty_message:
        sheet.cell(row=len(cover) + 5, column=1, value=empty_message).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    for table in tables:
        _table_sheet(workbook, title, as_of_line, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_sheet(workbook: Workbook, title: str, as_of_line: str, table: Table) -> None:
    names = {**SHEET_NAMES, **CONTRIBUTION_SHEET_NAMES, **REVIEW_SHEET_NAMES}
    name = names.get(table.key, table.key)
    sheet = workbook.create_sheet(name[:31])
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = table.title
    sheet["A2"].font = Font(bold=True, size=12)
    sheet["A3"] = as_of_line
    for col, header in enumerate(table.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_total = len(table.rows) - table.total_rows
    for r, row in enumerate(table.rows):
        for col, raw in enumerate(row, start=1):
            value, number_format = cell_value(raw)
            cell = sheet.cell(row=HEADER_ROW + 1 + r, column=col, value=value)
            if number_format:
                cell.number_format = number_format
            if r >= first_total:
                cell.font = Font(bold=True)
    if table.note:
        sheet.cell(row=HEADER_ROW + len(table.rows) + 2, column=1, value=table.note).font = Font(italic=True)
    for col in range(1, len(table.columns) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 38 if col == 1 else 16
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
