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
import re
import zipfile
from datetime import date
from xml.sax.saxutils import escape as xml_escape

import sqlalchemy as sa
from flask_babel import force_locale

from app.addresses import ward_name
from app.models import Organization, Product, ProductGroup
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


def values_query(products: sa.Select) -> sa.Select:
    """The columns the file needs, of the products a query selects: plain rows are read about
    three times faster than Product objects with their organization, which is most of the time
    a large export takes."""
    return products.with_only_columns(
        Product.id, Product.name, Organization.name.label("organization_name"), Organization.tax_code,
        Product.group, Product.stars, Product.ward_code, Product.certificate_number,
        Product.certificate_issued_on, Product.certificate_expires_on,
    )


def rows(products, statuses: dict[int, ip_status.ProductIp]):
    """One list of plain values per product, in HEADERS order (dates as date objects); `products`
    are values_query() rows, read once (they may be a stream); a product missing from `statuses`
    has none of its own."""
    with force_locale("vi"):
        # translated once: a lazy title costs a catalogue lookup per row (3 s for 50,000)
        groups = {group: str(group.title) for group in ProductGroup}
    no_ip = ip_status.ProductIp()
    for n, product in enumerate(products, start=1):
        ip = statuses.get(product.id, no_ip)
        yield [
            n, product.name, product.organization_name, product.tax_code or "",
            groups[product.group], product.stars, ward_name(product.ward_code),
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

    The sheet's XML is written here, a row at a time, rather than through openpyxl's cells:
    building and serialising 600,000 cell objects took over 10 s for 50,000 products, the
    plain text takes about a second. The file holds only what this list needs (inline strings,
    five cell styles). Text is always a string cell, never a formula, shown as typed: a leading
    = + - @ gets Excel's own "quote prefix" (what typing an apostrophe does), so nothing is
    evaluated and no apostrophe is seen.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_START.encode())
            sheet.write(_xml_row(1, [TITLE], _TITLE_STYLE).encode())
            sheet.write(_xml_row(2, HEADERS, _HEADER_STYLE).encode())
            for number, row in enumerate(rows(products, statuses), start=3):
                sheet.write(_xml_row(number, row).encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


_COLUMNS = "ABCDEFGHIJKLM"
_WIDTHS = (6, 36, 36, 14, 22, 8, 22, 24, 12, 12, 18, 20, 14)
#: cell styles, indexes into styles.xml's cellXfs below
_TITLE_STYLE, _HEADER_STYLE, _DATE_STYLE, _QUOTED_STYLE = 1, 2, 3, 4
_EXCEL_EPOCH = date(1899, 12, 30)
#: characters XML 1.0 cannot hold (Excel would refuse the file): left out
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = (_XML + f'<worksheet xmlns="{_MAIN}"><cols>'
                + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(_WIDTHS, 1))
                + "</cols><sheetData>")
_XLSX_PARTS = {
    "[Content_Types].xml": _XML + f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": _XML + f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
    f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
    '<sheet name="San pham OCOP" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": _XML + f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
}


def _xml_row(number: int, values, style: int = 0) -> str:
    """One <row>: text as an inline string (never a formula), numbers, dates as serial numbers."""
    cells = []
    for column, value in zip(_COLUMNS, values):
        where = f'r="{column}{number}"'
        if isinstance(value, str):
            quoted = _QUOTED_STYLE if value.startswith(_FORMULA_STARTS) else style
            text = xml_escape(_NOT_IN_XML.sub("", value))
            shown = f' s="{quoted}"' if quoted else ""
            cells.append(f'<c {where} t="inlineStr"{shown}><is><t xml:space="preserve">{text}</t></is></c>')
        elif isinstance(value, date):
            cells.append(f'<c {where} s="{_DATE_STYLE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
        elif value is not None:
            cells.append(f"<c {where}><v>{value}</v></c>")
    return f'<row r="{number}">{"".join(cells)}</row>'
