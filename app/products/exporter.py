"""Export of the filtered product list as .xlsx or .csv, in the shape the importer reads back.

Headers and values are Vietnamese whatever the user's language: the file is a
document for Vietnamese offices and must import back unchanged. Text that a
spreadsheet would run as a formula (leading = + - @) is never a formula: a string
cell in the .xlsx, prefixed with an apostrophe in the .csv (the usual csv defence,
which the importer takes off again).
"""
from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.addresses import ward_name
from app.products import ip_status

HEADERS = (
    "STT", "Tên sản phẩm", "Chủ thể", "Mã số thuế", "Nhóm sản phẩm", "Số sao", "Xã/Phường",
    "Số giấy chứng nhận", "Ngày cấp", "Ngày hết hạn", "Tình trạng SHTT", "Số văn bằng bảo hộ", "Cần hỗ trợ SHTT",
)
TITLE = "DANH SÁCH SẢN PHẨM OCOP"
#: the IP status as the Vietnamese file says it (a data format, independent of the user's language)
STATUS_VI = {
    ip_status.IpStatus.PROTECTED: "Đã được bảo hộ",
    ip_status.IpStatus.GRACE: "Hết hạn — đang trong thời hạn gia hạn muộn",
    ip_status.IpStatus.PENDING: "Đang đăng ký",
    ip_status.IpStatus.LAPSED: "Không còn được bảo hộ",
    ip_status.IpStatus.NONE: "Chưa đăng ký",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape(value):
    """Text that a spreadsheet would evaluate becomes plain text (for the csv)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def rows(products, statuses: dict[int, ip_status.ProductIp]):
    """One list of plain values per product, in HEADERS order (dates as date objects)."""
    with force_locale("vi"):
        for n, product in enumerate(products, start=1):
            ip = statuses.get(product.id) or ip_status.ProductIp()
            yield [
                n, product.name, product.organization.name, product.organization.tax_code or "",
                product.group.title, product.stars, ward_name(product.ward_code),
                product.certificate_number or "", product.certificate_issued_on, product.certificate_expires_on,
                STATUS_VI[ip.status], ", ".join(ip.certificate_numbers), "Có" if ip.needs_support else "",
            ]


def to_csv(products, statuses) -> bytes:
    """UTF-8 with a BOM (Excel opens it as Unicode), dates dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(products, statuses):
        writer.writerow([value.strftime("%d/%m/%Y") if isinstance(value, date) else escape(value) if value is not None
                         else "" for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(products, statuses) -> bytes:
    """A title row, the header, then the products; dates as real Excel dates.

    Written in openpyxl's write-only mode, row after row, so time and memory grow with
    the number of products and no more. Text is always a string cell, never a formula,
    shown as typed: a leading = + - @ gets Excel's own "quote prefix" (what typing an
    apostrophe does), so nothing is evaluated and no apostrophe is seen.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("San pham OCOP")
    for column, width in zip("ABCDEFGHIJKLM", (6, 36, 36, 14, 22, 8, 22, 24, 12, 12, 18, 20, 14)):
        sheet.column_dimensions[column].width = width
    title = WriteOnlyCell(sheet, TITLE)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, header, font=bold) for header in HEADERS])
    for row in rows(products, statuses):
        sheet.append([_text_cell(sheet, value) if isinstance(value, str) else _date_cell(sheet, value)
                      if isinstance(value, date) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, text: str, font=None):
    """A string cell, whatever the text starts with."""
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def _date_cell(sheet, value: date):
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = "DD/MM/YYYY"
    return cell
