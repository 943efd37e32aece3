"""Export of the filtered product list as .xlsx or .csv, in the shape the importer reads back.

Headers and values are Vietnamese whatever the user's language: the file is a
document for Vietnamese offices and must import back unchanged. Text that Excel
would run as a formula (leading = + - @) is prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import force_locale

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
    """Text that a spreadsheet would evaluate becomes plain text."""
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
    """A title row, the header, then the products; dates as real Excel dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "San pham OCOP"
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(products, statuses):
        sheet.append([escape(value) if isinstance(value, str) else value for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for column, width in zip("ABCDEFGHIJKLM", (6, 36, 36, 14, 22, 8, 22, 24, 12, 12, 18, 20, 14)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
