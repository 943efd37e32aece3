"""The export's and the catalogue's SQL statements do not grow with the number of products, on
SQLite and PostgreSQL (the export hands the database its products as a subquery)."""
from __future__ import annotations

import io
from datetime import date, timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from app import clock
from app.models import Case, CaseKind, CaseStatus, Product, ProductGroup, ProductReferral, Role
from tests.both_databases import app  # noqa: F401  (every test here on both databases)
from tests.conftest import text_of


def products_in_every_ip_state(db, organization, numbers: range, today: date) -> None:
    """Products numbered `numbers`, cycling through: protected, expired but renewable late, pending and
    referred to DOST without a case (each state once had a lookup of its own)."""
    for n in numbers:
        product = Product(organization=organization, name=f"Hàng {n:03d}", group=ProductGroup.FOOD, stars=4,
                          ward_code=organization.ward_code)
        db.session.add(product)
        state = n % 4
        if state == 3:
            db.session.add(ProductReferral(product=product, note="cần hỗ trợ"))
            continue
        status = CaseStatus.FILED if state == 2 else CaseStatus.GRANTED
        expiry = today + timedelta(days=100) if state == 0 else today - timedelta(days=30) if state == 1 else None
        case = Case(organization=organization, kind=CaseKind.TRADEMARK, title=f"NH {n}", status=status,
                    expiry_date=expiry, certificate_number=f"4-{n:07d}-000" if state < 2 else None)
        case.products.append(product)
        db.session.add(case)
    db.session.commit()


def test_export_runs_the_same_queries_for_8_or_80_products(db, login_as, make_organization):
    """The export's SQL statements do not grow with the number of products (no per-row lookup),
    for both files."""
    office, _ = login_as(Role.OFFICE)
    organization = make_organization()
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    def export(kind: str) -> tuple[int, str]:
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = office.get(f"/products/export.{kind}")
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        if kind == "csv":
            return len(statements), response.data.decode("utf-8-sig")
        sheet = load_workbook(io.BytesIO(response.data)).active
        return len(statements), "\n".join(",".join(str(c.value or "") for c in row) for row in sheet.iter_rows())

    products_in_every_ip_state(db, organization, range(8), clock.today())
    few = {}
    for kind in ("csv", "xlsx"):
        few[kind], text = export(kind)
        assert text.count("Hết hạn — đang trong thời hạn gia hạn muộn") == 2 and text.count("Đang đăng ký") == 2
        assert text.count("Đã được bảo hộ") == 2 and "4-0000000-000" in text and "4-0000001-000" in text
    products_in_every_ip_state(db, organization, range(8, 80), clock.today())
    for kind in ("csv", "xlsx"):
        many, text = export(kind)
        assert text.count("Hết hạn — đang trong thời hạn gia hạn muộn") == 20 and "Hàng 071" in text
        assert few[kind] == many, f"the {kind} export's queries grow with the number of products"


def test_catalogue_runs_the_same_queries_for_8_or_80_products(db, client, make_organization):
    """No lookup per title (an expired mark in its late-renewal period once had one): counted on a
    second visit, when every product already has its QR token."""
    organization = make_organization()
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    def visit() -> tuple[int, str]:
        assert client.get("/catalogue/").status_code == 200  # makes the missing QR tokens
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            page = text_of(client.get("/catalogue/"))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(statements), page

    products_in_every_ip_state(db, organization, range(8), clock.today())
    few, page = visit()
    assert "Hàng 001" in page and "Hàng 002" not in page  # in its late-renewal period: shown; pending: not
    products_in_every_ip_state(db, organization, range(8, 80), clock.today())
    many, page = visit()
    assert "Hàng 077" in page
    assert few == many, "the catalogue's queries grow with the number of products"
