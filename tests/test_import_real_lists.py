"""Lists shaped like the ones OCOP offices circulate import on the first try; the preview's fixes."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from app import addresses
from app.models import ImportBatch, Product, Role
from tests.conftest import text_of
from tests.test_import_export import commit, upload


@pytest.fixture
def office(login_as):
    client, _ = login_as(Role.OFFICE)
    return client

HEADER_TOP = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Kết quả", None, "QĐ công nhận số", "Số giấy chứng nhận"]
HEADER_SUB = [None, None, None, None, "Số sao", "Ngày cấp", None, None]


def office_list(products, *, footer=True) -> bytes:
    """A list as an office sends it: agency and title rows, a two-row merged header, STT,
    group headings merged across the row, sub-totals, then a footer with signatures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["UBND TỈNH HẬU GIANG", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["VĂN PHÒNG ĐIỀU PHỐI NTM"])
    sheet.append([])
    sheet.append(["DANH SÁCH SẢN PHẨM OCOP ĐÃ ĐƯỢC CÔNG NHẬN NĂM 2024"])
    sheet.merge_cells("A4:H4")
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_SUB)
    for column in "ABCDGH":
        sheet.merge_cells(f"{column}5:{column}6")
    sheet.merge_cells("E5:F5")
    n = 0
    for group, rows in products:
        sheet.append([group])
        sheet.merge_cells(f"A{sheet.max_row}:H{sheet.max_row}")
        for row in rows:
            n += 1
            sheet.append([n, *row])
        sheet.append([f"Cộng nhóm: {len(rows)} sản phẩm", None, None, None, None, None, None, None])
        sheet.append([])
    if footer:
        sheet.append([f"Tổng cộng: {n} sản phẩm"])
        sheet.append([None, "Vị Thanh, ngày 20 tháng 12 năm 2024"])
        sheet.append([None, "Người lập biểu", None, None, "KT. GIÁM ĐỐC"])
        sheet.append([None, "Nguyễn Văn Lập", None, None, "Trần Thị Ký"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _mapping(html: str) -> dict[str, str]:
    """The column mapping the preview shows: column -> the field selected ("" when ignored)."""
    mapping = {}
    for column, block in re.findall(r'name="map-(\d+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="(\w*)" selected', block)
        mapping[column] = chosen.group(1) if chosen else ""
    return mapping


DECISION = "1234/QĐ-UBND"
FOOD = ("I. Nhóm thực phẩm", [
    ["Khóm Cầu Đúc", "HTX Khóm Hỏa Tiến", "Ấp Thạnh Lợi, P. Vị Tân, TP. Vị Thanh, Hậu Giang", "4 sao",
     datetime(2024, 9, 12), DECISION, "GCN-01"],
    ["Mứt khóm", "HTX Khóm Hỏa Tiến", "Ap 1, Xa Hoa Tien, TP Vi Thanh", "★★★★", "12/9/2024", DECISION, "GCN-02"],
    ["Khóm sấy", "HTX Khóm Hỏa Tiến", "X. Hỏa Tiến, TP. Vị Thanh", "3*", "12-09-2024", DECISION, "GCN-03"],
])
DRINKS = ("II. Nhóm đồ uống", [
    ["Rượu khóm", "Cơ sở Rượu Một Ngàn", "TT. Một Ngàn, H. Châu Thành A, Hậu Giang", 5, "năm 2024", DECISION,
     "GCN-04"],
    ["Trà mãng cầu", "Cơ sở Rượu Một Ngàn", "Phuong Vi Tan", "4", "12.09.2024", DECISION, "GCN-05"],
])


def test_an_office_list_imports_on_the_first_try(db, office):
    data = office_list([FOOD, DRINKS])
    preview = upload(office, data, "danh-sach-2024.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, text_of(preview)[:3000]
    text = text_of(preview)
    assert "5 dòng: 5 mới" in text
    skipped = re.search(r"<ul[^>]*data-skipped>(.*?)</ul>", html, re.S).group(1)
    for shown in ("I. Nhóm thực phẩm", "Cộng nhóm: 3 sản phẩm", "Tổng cộng: 5 sản phẩm", "Người lập biểu",
                  "Nguyễn Văn Lập", "ngày 20 tháng 12 năm 2024"):
        assert shown in skipped
    assert "Xã Hỏa Tiến (cũ) → Xã Hỏa Lựu" in text  # the former commune, mapped to today's
    assert "Thị trấn Một Ngàn (cũ) → Xã Tân Hòa" in text
    assert f"Quyết định {DECISION}" in text  # shown, and not taken for a certificate
    # the columns as detected, each with its score: the decision is not the certificate
    mapped = {c: f for c, f in _mapping(html).items() if f}
    assert mapped == {"1": "name", "2": "organization", "3": "address", "4": "stars", "5": "issued_on",
                      "6": "decision_number", "7": "certificate_number"}
    assert commit(office, html).status_code == 302
    products = {p.name: p for p in db.session.scalars(db.select(Product))}
    assert {name: (p.stars, p.certificate_number, addresses.ward_name(p.ward_code), p.certificate_issued_on)
            for name, p in products.items()} == {
        "Khóm Cầu Đúc": (4, "GCN-01", "Phường Vị Tân", date(2024, 9, 12)),
        "Mứt khóm": (4, "GCN-02", "Xã Hỏa Lựu", date(2024, 9, 12)),
        "Khóm sấy": (3, "GCN-03", "Xã Hỏa Lựu", date(2024, 9, 12)),
        "Rượu khóm": (5, "GCN-04", "Xã Tân Hòa", None),  # "năm 2024": the day is not known
        "Trà mãng cầu": (4, "GCN-05", "Phường Vị Tân", date(2024, 9, 12)),
    }


def test_a_row_is_excluded_with_one_click_and_an_unknown_ward_picked(db, office):
    bad = ("III. Nhóm thực phẩm khác", [
        ["Bánh pía", "Cơ sở Bánh Út", "Ấp 3, Xã Không Có, Hậu Giang", "4 sao", "1/2/2024", DECISION, "GCN-06"],
        ["Nấm rơm", "HTX Nấm", "Xã Tân Thạnh, H. Thới Lai", "4 sao", "1/2/2024", DECISION, "GCN-07"],
        ["Sản phẩm lỗi", "HTX Nấm", "Phường Vị Tân", "9 sao", "1/2/2024", DECISION, "GCN-08"],
    ])
    data = office_list([FOOD, bad])
    preview = upload(office, data, "list.xlsx")
    assert preview.status_code == 422
    html = preview.get_data(as_text=True)
    lines = {name: int(line) for line, name in re.findall(r'data-line="(\d+)">\s*<td>\d+</td><td>([^<]+)</td>', html)}
    assert "đã chia cho nhiều xã, phường" in text_of(preview)  # Tân Thạnh (Thới Lai) was split
    base = {"file_sha256": re.search(r'name="file_sha256" value="(\w+)"', html).group(1), "filename": "list.xlsx",
            **{f"map-{column}": name for column, name in _mapping(html).items()}}
    excluded = office.post("/products/import", data={**base, "action": "preview", "exclude": lines["Sản phẩm lỗi"]})
    assert excluded.status_code == 422 and "1 dòng do bạn loại ra" in text_of(excluded)
    tan_hoa = addresses.ward_code_by_name(92, "Xã Tân Hòa")
    fixed = {**base, "excluded": lines["Sản phẩm lỗi"], f"ward-{lines['Bánh pía']}": tan_hoa,
             f"ward-{lines['Nấm rơm']}": addresses.ward_code_by_name(92, "Xã Trường Thành")}
    response = office.post("/products/import", data={**fixed, "action": "commit"})
    assert response.status_code == 302, text_of(response)[:2000]
    products = {p.name: p for p in db.session.scalars(db.select(Product))}
    assert "Sản phẩm lỗi" not in products and len(products) == 5
    assert products["Bánh pía"].ward_code == tan_hoa
    assert db.session.scalars(db.select(ImportBatch)).one().rows_total == 5


def test_without_the_fixes_nothing_is_imported(db, office):
    bad = ("III. Nhóm thực phẩm khác", [["Bánh pía", "Cơ sở Bánh Út", "Xã Không Có", "4 sao", "1/2/2024", DECISION, "G-9"]])
    preview = upload(office, office_list([FOOD, bad]), "list.xlsx")
    assert preview.status_code == 422
    assert commit(office, preview.get_data(as_text=True)).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0
