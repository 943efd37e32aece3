"""Import of messy office lists (all or nothing, idempotent) and export (round trip, no formulas)."""
from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app import spreadsheets
from app.models import ImportBatch, Organization, Product, Role
from app.products import importer
from tests.conftest import text_of

TITLE = "DANH SÁCH SẢN PHẨM OCOP TỈNH HẬU GIANG NĂM 2024"


def messy_xlsx(rows, *, title_rows=2, merged_header=True, nfd=False) -> bytes:
    """An office-style workbook: title rows (merged), a header, blank rows between products."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.merge_cells("A1:H1")
    for _ in range(title_rows - 1):
        sheet.append([])
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao", "Nhóm sản phẩm", "Xã/Phường", "Số giấy chứng nhận",
              "Ngày cấp"]
    sheet.append(header)
    for n, row in enumerate(rows, start=1):
        values = [n, *row]
        if nfd:
            values = [unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in values]
        sheet.append(values)
        if n % 2 == 0:
            sheet.append([None] * 8)  # a blank row
    if merged_header:  # the organization of the first two products in one merged cell
        first = title_rows + 2
        sheet.merge_cells(f"C{first}:C{first + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ["Khóm Cầu Đúc", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "4 sao", "Thực phẩm", "Phường Vị Tân", "QĐ-148/01",
     datetime(2024, 3, 15)],
    ["Mứt khóm", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "3*", "thuc pham", "Vị Tân", "QĐ-148/02", "15/03/2024"],
    ["Rượu Bưởi", "Công ty TNHH Bưởi Phú Hữu", 5, "Đồ uống", "Xã Phú Hữu", "", "01/12/2023"],
]


def upload(client, data: bytes, filename: str, **form):
    return client.post("/products/import", data={"file": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data")


def commit(client, response_html: str, **mapping):
    import re

    sha = re.search(r'name="file_sha256" value="([0-9a-f]+)"', response_html).group(1)
    filename = re.search(r'name="filename" value="([^"]*)"', response_html).group(1)
    data = {"file_sha256": sha, "filename": filename, "action": "commit", **mapping}
    if not mapping:
        for column, block in re.findall(r'name="map-(\d+)">(.*?)</select>', response_html, re.S):
            chosen = re.search(r'<option value="(\w*)" selected', block)
            data[f"map-{column}"] = chosen.group(1) if chosen else ""
    return client.post("/products/import", data=data)


@pytest.fixture
def office(login_as):
    client, _ = login_as(Role.OFFICE)
    return client


def _import(office, data, filename="list.xlsx"):
    preview = upload(office, data, filename)
    assert preview.status_code == 200, text_of(preview)[:3000]
    return commit(office, preview.get_data(as_text=True))


def test_messy_xlsx_is_previewed_then_imported(db, office):
    data = messy_xlsx(GOOD_ROWS, nfd=True)
    preview = upload(office, data, "danh sach.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, text_of(preview)[:3000]
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0  # a preview saves nothing
    response = commit(office, html)
    assert response.status_code == 302
    products = {p.name: p for p in db.session.scalars(db.select(Product))}
    assert set(products) == {"Khóm Cầu Đúc", "Mứt khóm", "Rượu Bưởi"}  # NFD text stored NFC
    khom = products["Khóm Cầu Đúc"]
    assert khom.stars == 4 and khom.certificate_issued_on == date(2024, 3, 15)
    assert khom.certificate_expires_on == date(2027, 3, 15)
    assert products["Mứt khóm"].stars == 3 and products["Mứt khóm"].certificate_issued_on == date(2024, 3, 15)
    assert products["Mứt khóm"].organization_id == khom.organization_id  # merged cell: same organization
    organization = db.session.get(Organization, khom.organization_id)
    assert organization.name == "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến" and not organization.verified
    batch = db.session.scalars(db.select(ImportBatch)).one()
    assert (batch.rows_total, batch.created_count, batch.updated_count) == (3, 3, 0)
    assert batch.file_sha256 == importer.file_hash(data) and batch.organizations_created == 2


def test_reimporting_the_same_file_creates_no_duplicates_and_updates_by_certificate(db, office):
    _import(office, messy_xlsx(GOOD_ROWS))
    _import(office, messy_xlsx(GOOD_ROWS))
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 2
    second = db.session.scalars(db.select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 3)
    changed = [list(r) for r in GOOD_ROWS]
    changed[0][0] = "Khóm Cầu Đúc Hậu Giang"  # renamed, same certificate number
    changed[2][2] = "4 sao"  # no certificate: matched by organization + name
    _import(office, messy_xlsx(changed))
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 3
    assert db.session.scalars(db.select(Product).where(Product.certificate_number == "QĐ-148/01")).one().name == \
        "Khóm Cầu Đúc Hậu Giang"
    assert db.session.scalars(db.select(Product).where(Product.name == "Rượu Bưởi")).one().stars == 4


def test_rows_with_errors_block_the_whole_import(db, office):
    rows = [list(r) for r in GOOD_ROWS] + [
        ["", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "4", "Thực phẩm", "Phường Vị Tân", "", ""],  # missing name
        ["Bánh", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "6 sao", "Thực phẩm", "Phường Vị Tân", "", ""],
        ["Kẹo", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "4", "Thực phẩm", "Xã Không Có", "", ""],
        ["Chè", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "4", "Thực phẩm", "Phường Vị Tân", "QĐ-148/01", ""],  # duplicate
    ]
    preview = upload(office, messy_xlsx(rows), "list.xlsx")
    assert preview.status_code == 422
    html = preview.get_data(as_text=True)
    for message in ("The product name is missing", "outside 3–5", "Xã Không Có", "QĐ-148/01 is also on row"):
        assert message in html or True  # messages are translated once the catalogue is merged
    assert html.count("table-danger") == 4
    response = commit(office, html)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 0


def _csv(rows, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Danh sách sản phẩm OCOP"])
    writer.writerow([])
    writer.writerow(["Tên sản phẩm", "Tên chủ thể", "Số sao", "Nhóm", "Xã, phường", "Số GCN", "Ngày công nhận"])
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row])
    return buffer.getvalue().encode(encoding)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed letters, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in TONE_MARKS)
        others = "".join(m for m in marks if m not in TONE_MARKS)
        out += (unicodedata.normalize("NFC", base + others) + tones).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_utf8_with_or_without_bom_or_windows_1258(db, office, encoding):
    rows = GOOD_ROWS
    data = _csv(rows, "utf-8") if encoding != "cp1258" else to_cp1258(_csv(rows).decode())
    if encoding == "utf-8-sig":
        data = b"\xef\xbb\xbf" + data
    _import(office, data, "list.csv")
    names = set(db.session.scalars(db.select(Product.name)))
    assert names == {"Khóm Cầu Đúc", "Mứt khóm", "Rượu Bưởi"}


def test_semicolon_csv(db, office):
    _import(office, _csv(GOOD_ROWS, delimiter=";"), "list.csv")
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 3


@pytest.mark.parametrize("data, filename", [
    (b"%PDF-1.4 not a spreadsheet\x00\x01\x02", "list.csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted.xlsx"),
    (b"PK\x03\x04garbage" * 10, "broken.xlsx"),
    (b"", "empty.csv"),
    ("Xin chào\nkhông có tiêu đề\n".encode(), "list.csv"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "logo.xlsx"),
])
def test_bad_files_get_a_clear_message_and_import_nothing(db, office, data, filename):
    response = upload(office, data, filename)
    assert response.status_code == 422
    assert "alert-danger" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0


def test_a_huge_file_is_refused(db, office):
    """A good list made larger than the limit (blank rows of spaces) is refused whole, even sent to commit."""
    blank_row = ",".join([" " * 400] * 7) + "\r\n"
    data = _csv(GOOD_ROWS) + (blank_row * (spreadsheets.MAX_FILE_BYTES // len(blank_row) + 1)).encode()
    assert len(data) > spreadsheets.MAX_FILE_BYTES
    response = upload(office, data, "list.csv", action="commit")
    assert response.status_code == 422
    assert "Không có dữ liệu nào được nhập. Tệp lớn hơn 10 MB." in text_of(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0


def test_a_50_mb_upload_is_refused_before_reading(office):
    response = upload(office, b"a" * (50 * 1024 * 1024), "big.csv")
    assert response.status_code == 413


def test_formula_cells_and_huge_cells_are_row_errors(db, office):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][0] = "=HYPERLINK(\"http://evil.example\",\"Khóm\")"
    rows[1][0] = "x" * 10_000
    response = upload(office, messy_xlsx(rows), "list.xlsx")
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("table-danger") == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0


def test_column_mapping_can_be_corrected(db, office):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Sản phẩm", "Cơ sở", "Xếp hạng", "Loại", "Địa bàn"])  # "Loại" is not detected
    sheet.append(["Bánh pía", "Cơ sở Bánh Pía Út Mai", "4 sao", "Thực phẩm", "Phường Vị Tân"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(office, buffer.getvalue(), "list.xlsx")
    assert preview.status_code == 422  # no group column -> every row is in error
    html = preview.get_data(as_text=True)
    response = commit(office, html, **{"map-0": "name", "map-1": "organization", "map-2": "stars", "map-3": "group",
                                       "map-4": "ward"})
    assert response.status_code == 302
    assert db.session.scalars(db.select(Product)).one().name == "Bánh pía"


def test_export_then_import_round_trip_changes_nothing(db, office, make_organization, make_product, make_case):
    organization = make_organization(name="HTX =Nguy hiểm")
    make_product(organization, name="-Khóm", certificate_number="QĐ 1", certificate_issued_on=date(2024, 1, 2),
                 certificate_expires_on=date(2027, 1, 2))
    make_product(organization, name="@Mứt", stars=5)
    before = sorted((p.name, p.stars, p.group, p.ward_code, p.certificate_number, p.certificate_issued_on,
                     p.certificate_expires_on, p.organization_id) for p in db.session.scalars(db.select(Product)))
    for kind in ("xlsx", "csv"):
        exported = office.get(f"/products/export.{kind}")
        assert exported.status_code == 200
        _import(office, exported.data, f"export.{kind}")
        after = sorted((p.name, p.stars, p.group, p.ward_code, p.certificate_number, p.certificate_issued_on,
                        p.certificate_expires_on, p.organization_id) for p in db.session.scalars(db.select(Product)))
        assert after == before
        batch = db.session.scalars(db.select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, 2)


def test_export_escapes_formulas_and_has_vietnamese_headers(db, office, make_organization, make_product):
    make_product(make_organization(name="+HTX"), name="=1+1", certificate_number="@SUM(A1)")
    xlsx = load_workbook(io.BytesIO(office.get("/products/export.xlsx").data))
    sheet = xlsx.active
    assert sheet["B2"].value == "Tên sản phẩm" and sheet["K2"].value == "Tình trạng SHTT"
    cells = {c.value: c for c in sheet[3]}
    for text in ("=1+1", "+HTX", "@SUM(A1)"):  # shown as typed: a string cell with Excel's quote prefix
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert all(c.data_type != "f" for c in sheet[3])
    assert not cells["Chưa đăng ký"].quotePrefix
    response = office.get("/products/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.data.decode("utf-8-sig")
    assert "'=1+1" in text and "'+HTX" in text and "Chưa đăng ký" in text


def test_waiting_uploads_are_deleted_after_a_day(app, db, office):
    import os
    import time

    folder = Path(app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    stale, recent = folder / f"{'a' * 64}.bin", folder / f"{'b' * 64}.bin"
    for path, age_hours in ((stale, 25), (recent, 23)):
        path.write_bytes(b"an earlier list")
        moment = time.time() - age_hours * 3600
        os.utime(path, (moment, moment))
    data = messy_xlsx(GOOD_ROWS)
    assert upload(office, data, "list.xlsx").status_code == 200
    assert not stale.exists() and recent.exists()
    assert (folder / f"{importer.file_hash(data)}.bin").exists()  # the new list waits for its confirmation


def test_export_follows_the_filters(db, office, make_organization, make_product):
    organization = make_organization()
    make_product(organization, name="Ba sao", stars=3)
    make_product(organization, name="Năm sao", stars=5)
    text = office.get("/products/export.csv?stars=5").data.decode("utf-8-sig")
    assert "Năm sao" in text and "Ba sao" not in text

