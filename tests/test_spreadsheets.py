"""The shared spreadsheet reader: header folding and matching, two-row headers, cells, files."""
from __future__ import annotations

import io
import unicodedata

import pytest
from flask_babel import force_locale
from openpyxl import Workbook

from app import spreadsheets
from app.products import importer
from app.products.exporter import HEADERS as EXPORT_HEADERS
from app.spreadsheets import (
    ImportRejected,
    Table,
    cell_text,
    header_candidates,
    join_split_headers,
    map_columns,
    match_key,
    read_table,
    unescape_cell,
)
from app.wizard import members_import
from tests.spreadsheet_files import zip_bomb_xlsx


@pytest.mark.parametrize("text, key", [
    ("Xã/phường", "xa phuong"),
    ("Xã, phường", "xa phuong"),
    ("XÃ - PHƯỜNG", "xa phuong"),
    ("Tên sản phẩm", "ten san pham"),
    ("  Tên   sản\u00a0phẩm: ", "ten san pham"),
    ("Số sao (★)", "so sao"),
    ("Mã số thuế/CCCD", "ma so thue cccd"),
    ("Đơn vị", "don vi"),
    (unicodedata.normalize("NFD", "Tên sản phẩm"), "ten san pham"),
    (None, ""),
    (2024, "2024"),
])
def test_match_key_folds_accents_case_punctuation_and_spacing(text, key):
    assert match_key(text) == key


# Every wording the product import has always understood, as offices and our own export write it.
PRODUCT_HEADERS = {
    "Tên sản phẩm": "name", "Sản phẩm": "name", "Tên SP": "name", "Tên sản phẩm OCOP": "name",
    "Sản phẩm OCOP": "name", "Tên hàng hóa": "name", "Tên sản phẩm/nhãn hiệu": "name",
    "Chủ thể": "organization", "Tên chủ thể": "organization", "Chủ thể sản xuất": "organization",
    "Đơn vị": "organization", "Cơ sở sản xuất": "organization", "Chủ thể OCOP": "organization",
    "Doanh nghiệp/HTX": "organization", "Tổ chức": "organization", "Chủ thể (HTX/DN)": "organization",
    "Mã số thuế": "tax_code", "MST": "tax_code", "Mã số doanh nghiệp": "tax_code",
    "Nhóm sản phẩm": "group", "Bộ sản phẩm": "group", "Ngành hàng": "group",
    "Số sao": "stars", "Hạng sao": "stars", "Xếp hạng": "stars", "Số sao (★)": "stars", "Kết quả đánh giá": "stars",
    "Xã/Phường": "ward", "Xã/phường": "ward", "Xã, phường": "ward", "Phường/Xã": "ward", "Xã phường": "ward",
    "Địa chỉ (xã/phường)": "ward", "Địa bàn": "ward", "Xã/Phường/Thị trấn": "ward",
    "Số giấy chứng nhận": "certificate_number", "Số GCN": "certificate_number", "Số QĐ": "decision_number",
    "QĐ công nhận số": "decision_number", "Số Quyết định": "decision_number", "Địa chỉ": "address",
    "Tên sảm phẩm": "name",  # a typo
    "Số GCN/QĐ": "certificate_number", "Mã chứng nhận": "certificate_number",
    "Ngày cấp": "issued_on", "Ngày công nhận": "issued_on", "Ngày cấp (dd/mm/yyyy)": "issued_on",
    "Ngày hết hạn": "expires_on", "Hiệu lực đến": "expires_on", "Năm công nhận": "year", "Năm": "year",
    "STT": None, "TT": None, "Tình trạng SHTT": None, "Số văn bằng bảo hộ": None, "Cần hỗ trợ SHTT": None,
    "Ghi chú": None, "Điện thoại": None, "": None,
}


@pytest.mark.parametrize("header, field", PRODUCT_HEADERS.items())
def test_product_headers_map_to_their_fields(header, field):
    assert importer.field_for_header(match_key(header)) == field


def test_the_export_reads_back_as_its_own_columns():
    mapping = map_columns(list(EXPORT_HEADERS), importer.field_for_header)
    assert [mapping.get(c) for c in range(10)] == [None, "name", "organization", "tax_code", "group", "stars",
                                                   "ward", "certificate_number", "issued_on", "expires_on"]


def test_member_headers_with_slashes_map():
    headers = ["STT", "Họ và tên", "Địa chỉ", "Xã/phường", "Sản phẩm", "Mã số thuế/CCCD"]
    assert map_columns(headers, members_import.field_for_header) == {
        1: "name", 2: "address", 3: "ward", 4: "produces", 5: "tax_code"}


def test_a_field_named_twice_goes_to_its_first_column():
    assert map_columns(["Tên sản phẩm", "Sản phẩm", "Chủ thể"], importer.field_for_header) == {
        0: "name", 2: "organization"}


def test_header_candidates_scan_only_the_first_rows():
    rows = [["DANH SÁCH SẢN PHẨM OCOP"], [], ["Tên sản phẩm", "Chủ thể"], ["Khóm", "HTX"]]
    candidates = list(header_candidates(rows, importer.field_for_header, scan_rows=3))
    assert [index for index, _ in candidates] == [0, 1, 2]
    assert candidates[2][1] == {0: "name", 1: "organization"}


def test_a_header_split_over_two_merged_rows_is_joined():
    rows = [["", "", "Ngày", "Ngày"],
            ["Tên sản phẩm", "Chủ thể", "Cấp", "Hết hạn"]]
    mapping = map_columns(rows[1], importer.field_for_header)
    assert mapping == {0: "name", 1: "organization", 3: "expires_on"}
    headers, joined = join_split_headers(rows, 1, mapping, importer.field_for_header)
    assert joined == {0: "name", 1: "organization", 2: "issued_on", 3: "expires_on"}
    assert headers == ["Tên sản phẩm", "Chủ thể", "Ngày Cấp", "Hết hạn"]
    assert mapping == {0: "name", 1: "organization", 3: "expires_on"}  # the caller's mapping is left alone


def test_detect_layout_finds_a_two_row_header_under_titles():
    table = Table([["DANH SÁCH SẢN PHẨM OCOP"], ["STT", "", "", "Số"],
                   ["", "Tên sản phẩm", "Chủ thể", "GCN"], [1, "Khóm", "HTX", "QĐ-1"]])
    layout = importer.detect_layout(table)
    assert layout.header_row == 2
    assert layout.mapping == {1: "name", 2: "organization", 3: "certificate_number"}
    assert layout.headers == ["", "Tên sản phẩm", "Chủ thể", "Số GCN"]


@pytest.mark.parametrize("value, text", [
    (None, ""), ("  Khóm  ", "Khóm"), (12.0, "12"), (12.5, "12.5"), (7, "7"),
    ("Kho\u0301m", "Khóm"),  # NFD as some Mac keyboards type it
])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("text, unescaped", [("'=1+1", "=1+1"), ("'+HTX", "+HTX"), ("'", "'"), ("'abc", "'abc")])
def test_unescape_cell_undoes_only_the_export_formula_escape(text, unescaped):
    assert unescape_cell(text) == unescaped


def test_xlsx_merged_cells_repeat_over_their_range_and_formulas_are_noted():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên sản phẩm", "Chủ thể"])
    sheet.append(["Khóm", "HTX Hỏa Tiến"])
    sheet.append(["Mứt khóm", None])
    sheet.append(["=1+1", "HTX B"])
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table("list.xlsx", buffer.getvalue())
    assert table.rows[1:3] == [["Khóm", "HTX Hỏa Tiến"], ["Mứt khóm", "HTX Hỏa Tiến"]]
    assert table.formulas == {(3, 0)}


@pytest.mark.parametrize("data", [
    "Tên sản phẩm;Chủ thể\nKhóm;HTX Hỏa Tiến\n".encode("utf-8"),
    "Tên sản phẩm;Chủ thể\nKhóm;HTX Hỏa Tiến\n".encode("utf-8-sig"),
])
def test_csv_in_utf8_with_a_semicolon_separator(data):
    table = read_table("list.csv", data)
    assert table.rows == [["Tên sản phẩm", "Chủ thể"], ["Khóm", "HTX Hỏa Tiến"]]


def test_csv_that_is_not_utf8_is_read_as_windows_1258():
    table = read_table("list.csv", "Ten,Chu the\nKhóm,HTX\n".encode("cp1258"))
    assert table.rows == [["Ten", "Chu the"], ["Khóm", "HTX"]]


@pytest.mark.parametrize("data, filename", [(b"", "x.csv"), (b"\xd0\xcf\x11\xe0rest", "x.xls"),
                                            (b"not a zip", "x.xlsx"), (b"PK\x03\x04broken", "x.xlsx"),
                                            (b"a\x00b", "x.csv")])
def test_unreadable_files_are_rejected(app, data, filename):
    with pytest.raises(ImportRejected):
        read_table(filename, data)


# --- Big and hostile files -------------------------------------------------------------------

def _xlsx(fill) -> bytes:
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("part, megabytes", [("xl/worksheets/sheet1.xml", 200), ("xl/sharedStrings.xml", 40)])
def test_a_zip_bomb_is_refused_from_the_zip_directory_without_parsing_the_sheet(app, monkeypatch, part, megabytes):
    data = zip_bomb_xlsx(part, megabytes)
    assert len(data) < 1024 * 1024  # sub-megabyte on disk, hundreds of MB unpacked
    opened = []
    monkeypatch.setattr(spreadsheets.openpyxl, "load_workbook", lambda *a, **k: opened.append(1))
    with app.test_request_context(), force_locale("vi"), pytest.raises(ImportRejected) as refused:
        read_table("bom.xlsx", data)
    with app.test_request_context(), force_locale("vi"):
        assert "giải nén ra hơn" in str(refused.value.message)
    assert opened == []  # refused before openpyxl read a byte of the sheet


def test_rows_beyond_the_limit_are_refused_while_streaming(app):
    rows = 100 + spreadsheets.EXTRA_ROWS + 1  # titles, headings and a footer are allowed beyond the limit
    data = _xlsx(lambda sheet: [sheet.append([f"Sản phẩm {i}", "HTX"]) for i in range(rows)])
    assert len(read_table("ok.xlsx", data, max_rows=101).rows) == rows
    with pytest.raises(ImportRejected) as refused:
        read_table("long.xlsx", data, max_rows=100)
    with app.test_request_context(), force_locale("en"):
        assert str(refused.value.message) == "The file has more than 100 rows."


def test_a_long_blank_run_ends_the_list_and_far_columns_are_ignored():
    def fill(sheet):
        sheet.append(["Tên sản phẩm", "Chủ thể"])
        sheet.append(["Khóm", "HTX Hỏa Tiến"])
        sheet.cell(row=2, column=spreadsheets.MAX_COLUMNS + 5, value="far right")
        sheet.cell(row=3 + spreadsheets.BLANK_RUN_END, column=1, value="after a thousand blank rows")
        sheet.cell(row=1_048_576, column=1, value="last row of the sheet")
    table = read_table("blank.xlsx", _xlsx(fill))
    assert table.rows == [["Tên sản phẩm", "Chủ thể"], ["Khóm", "HTX Hỏa Tiến"]]


def test_formulas_and_external_references_are_read_as_text_never_evaluated():
    def fill(sheet):
        sheet.append(["Tên sản phẩm", "Chủ thể"])
        sheet.append(["=[1]Sheet1!A1", "=WEBSERVICE(\"http://evil.example\")"])
    table = read_table("f.xlsx", _xlsx(fill))
    assert table.rows[1] == ["=[1]Sheet1!A1", "=WEBSERVICE(\"http://evil.example\")"]
    assert table.formulas == {(1, 0), (1, 1)}


def test_merged_ranges_in_a_streamed_sheet_fill_their_whole_range():
    def fill(sheet):
        sheet.append(["DANH SÁCH"])
        sheet.append(["Tên sản phẩm", "Chủ thể", "Ngày", None])
        sheet.append([None, None, "Cấp", "Hết hạn"])
        sheet.append(["Khóm", "HTX A", "1/1/2024", "1/1/2027"])
        sheet.append(["Mứt", None, None, None])
        for cells in ("A1:D1", "A2:A3", "B2:B3", "C2:D2", "B4:B5"):
            sheet.merge_cells(cells)
    rows = read_table("m.xlsx", _xlsx(fill)).rows
    assert rows[0] == ["DANH SÁCH"] * 4
    assert rows[1] == ["Tên sản phẩm", "Chủ thể", "Ngày", "Ngày"]
    assert rows[2] == ["Tên sản phẩm", "Chủ thể", "Cấp", "Hết hạn"]
    assert rows[4] == ["Mứt", "HTX A"]
