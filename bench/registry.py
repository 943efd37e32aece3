"""Benchmark: the product list over 10,000 products and 10,000 cases, a 20,000-row import, a 50,000-product export.

Run with `make bench`. Prints figures and peak memory; asserts nothing (speed goals are not tests).
Targets: list page with a filter and a search <= 50 ms (median server time), SQL queries
per page independent of the number of rows shown; import of a 20,000-row messy xlsx (title
rows, two-row header, headings, footer, former communes) <= 10 s; export of 50,000 products
<= 5 s as xlsx and <= 2 s as csv; a zip bomb (a sub-megabyte .xlsx unpacking to 200 MB) refused
by both importers within 1-2 s, memory growing by less than 100 MB.
"""
from __future__ import annotations

import io
import logging
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app, spreadsheets  # noqa: E402
from app.auth import services as auth_services  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Case,
    CaseKind,
    CaseStatus,
    Organization,
    OrganizationKind,
    Product,
    ProductGroup,
    Role,
    case_products,  # noqa: E402
)
from app.text import fold  # noqa: E402
from config import TestConfig  # noqa: E402

PRODUCTS = 10_000
CASES = 10_000
RUNS = 15
WARDS = (31321, 31333, 31339, 31342)
WORDS = ("Khóm", "Bưởi", "Mắm", "Rượu", "Bánh", "Gạo", "Mật ong", "Trà", "Lục bình", "Chanh")


def load(organizations: int = 500) -> None:
    random.seed(6)
    org_rows = [dict(name=f"Hợp tác xã {WORDS[i % 10]} số {i}", kind=OrganizationKind.COOPERATIVE, tax_code=None,
                     address_line="Ấp 1", province_code=92, ward_code=WARDS[i % 4], legal_representative="A",
                     verified=True) for i in range(organizations)]
    db.session.execute(sa.insert(Organization), org_rows)
    org_ids = list(db.session.scalars(sa.select(Organization.id)))
    names = {o.id: o.name for o in db.session.scalars(sa.select(Organization))}
    rows = []
    for i in range(PRODUCTS):
        org = org_ids[i % len(org_ids)]
        name = f"{random.choice(WORDS)} Cầu Đúc {i}"
        rows.append(dict(name=name, organization_id=org, group=random.choice(list(ProductGroup)),
                         stars=random.choice((3, 4, 5)), ward_code=WARDS[i % 4], certificate_number=f"OCOP-{i}",
                         search_text=fold(f"{name} {names[org]}")))
    db.session.execute(sa.insert(Product), rows)
    product_ids = list(db.session.scalars(sa.select(Product.id)))
    statuses = [CaseStatus.DRAFT, CaseStatus.FILED, CaseStatus.GRANTED, CaseStatus.REFUSED]
    db.session.execute(sa.insert(Case), [dict(kind=CaseKind.TRADEMARK, title=f"NH {i}", organization_id=org_ids[i % len(org_ids)],
                                              status=statuses[i % 4]) for i in range(CASES)])
    case_ids = list(db.session.scalars(sa.select(Case.id)))
    db.session.execute(sa.insert(case_products), [dict(case_id=c, product_id=product_ids[i]) for i, c in enumerate(case_ids)])
    db.session.commit()


def rss_mb(field: str) -> float:
    """A line of /proc/self/status in MB: VmRSS (resident now) or VmHWM (peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measured(action) -> tuple[str, str]:
    """One call's time ("wall s (CPU s)": on a shared machine the CPU time shows what waiting for
    a core added) and how far the peak resident memory rose above the memory in use before (the
    peak is reset first with Linux clear_refs; "unknown" where that is not allowed)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        reset = False
    else:
        reset = True
    before, start, cpu = rss_mb("VmRSS"), time.perf_counter(), time.process_time()
    action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    growth = f"{rss_mb('VmHWM') - before:.0f} MB" if reset else "unknown"
    return f"{elapsed:.2f} s (CPU {cpu:.2f} s)", growth


def bench_zip_bombs(client, app) -> None:
    """A sub-megabyte .xlsx unpacking to 200 MB (its sheet, or its shared text), through each importer:
    the product list's upload page and the collective-mark members' reader."""
    from werkzeug.datastructures import FileStorage

    from app.wizard import members_import
    from tests.spreadsheet_files import zip_bomb_xlsx

    def products(data):
        response = client.post("/products/import", data={"file": (io.BytesIO(data), "bom.xlsx")})
        assert response.status_code == 422, response.status_code

    def members(data):
        with app.test_request_context():
            try:
                members_import.read_members(FileStorage(io.BytesIO(data), "bom.xlsx"))
            except spreadsheets.ImportRejected:
                return
        raise AssertionError("the zip bomb was read")

    for part in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
        data = zip_bomb_xlsx(part, 200)
        for name, refuse in (("product list", products), ("members", members)):
            took, growth = measured(lambda: refuse(data))
            print(f"zip bomb ({len(data) // 1024} kB, {part} unpacking to 200 MB) refused by the {name} import: "
                  f"{took} (target 1-2 s), memory growth {growth} (target 100 MB)")


def messy_list(rows: int) -> bytes:
    """An office-style list: agency and title rows, a two-row merged header, group headings and
    sub-totals, addresses with abbreviations and former communes, varied stars and dates, a footer."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["UBND TỈNH HẬU GIANG"])
    sheet.append(["DANH SÁCH SẢN PHẨM OCOP"])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Kết quả", None, "QĐ công nhận số", "Số GCN"])
    sheet.append([None, None, None, None, "Số sao", "Ngày cấp", None, None])
    sheet.merge_cells("E3:F3")
    for column in "ABCDGH":
        sheet.merge_cells(f"{column}3:{column}4")
    addresses = ("Ấp Thạnh Lợi, P. Vị Tân, TP. Vị Thanh, Hậu Giang", "X. Hỏa Tiến, TP Vị Thanh", "Phuong Vi Tan",
                 "TT. Một Ngàn, H. Châu Thành A")
    stars = ("4 sao", "★★★", "5*", 4)
    dates = ("12/9/2024", "12-09-2024", "năm 2024", "ngày 1 tháng 2 năm 2023")
    for i in range(rows):
        if i % 500 == 0:
            sheet.append([f"{i // 500 + 1}. Nhóm thực phẩm"])
        sheet.append([i + 1, f"Sản phẩm nhập {i}", f"Hợp tác xã Nhập {i % 50}", addresses[i % 4], stars[i % 4],
                      dates[i % 4], "123/QĐ-UBND", f"IMP-{i}"])
        if i % 500 == 499:
            sheet.append(["Cộng nhóm: 500 sản phẩm"])
    sheet.append([f"Tổng cộng: {rows} sản phẩm"])
    sheet.append([None, "Người lập biểu", None, None, "KT. GIÁM ĐỐC"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_import(office) -> None:
    """Read, check and commit a 20,000-row messy list, as the import page does."""
    from app.products import importer

    data = messy_list(20_000)

    def run():
        table = spreadsheets.read_table("bench.xlsx", data)
        preview = importer.build_preview(table, "bench.xlsx", importer.file_hash(data))
        assert preview.ok, [row.errors for row in preview.rows if row.errors][:3]
        importer.commit_preview(preview, office)
        db.session.commit()

    took, growth = measured(run)
    print(f"import of a 20,000-row messy xlsx (read, check, commit): {took} (target 10 s), "
          f"peak memory growth {growth}")


def more_products(count: int) -> None:
    """More products: with the 10,000 loaded and the 20,000 imported, more than the export's limit of
    50,000, so the export writes exactly 50,000."""
    org_ids = list(db.session.scalars(sa.select(Organization.id)))
    db.session.execute(sa.insert(Product), [
        dict(name=f"=Khóm {i}" if i % 100 == 0 else f"Khóm {i}", organization_id=org_ids[i % len(org_ids)],
             group=ProductGroup.FOOD, stars=4, ward_code=WARDS[i % 4], certificate_number=f"EXP-{i}",
             search_text=f"khom {i}") for i in range(count)])
    db.session.commit()


def main() -> None:
    logging.disable(logging.INFO)  # migration chatter would bury the figures
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    with app.app_context():
        upgrade()
        load()
        office = auth_services.create_user(email="office@bench.vn", full_name="Office", password="benchmark-1",
                                           role=Role.OFFICE)
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": office.email, "password": "benchmark-1"})
        bench_zip_bombs(client, app)
        queries = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(1))
        for label, url in (("filter + search", "/products/?q=khom cau duc&stars=4&ward=31321"),
                           ("IP status filter", "/products/?ip=protected&sort=-stars"),
                           ("page 20", "/products/?page=20")):
            times, counts = [], []
            for _ in range(RUNS):
                queries.clear()
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                counts.append(len(queries))
                assert response.status_code == 200
            print(f"product list, {label}: median {statistics.median(times) * 1000:.1f} ms (target 50 ms), "
                  f"{max(counts)} SQL queries per page")

        bench_import(office)
        more_products(50_000 - PRODUCTS)
        for kind, target in (("xlsx", 5), ("csv", 2)):
            def export(kind=kind):
                assert client.get(f"/products/export.{kind}").status_code == 200

            took, growth = measured(export)
            print(f"export of 50,000 products as {kind}: {took} (target {target} s), peak memory growth {growth}")
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
