"""Public catalogue and QR verification: only what a granted certificate makes public."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from app import clock
from app.deadlines.calendar import add_months
from app.extensions import db
from app.models import (
    Case,
    CaseStatus,
    FilePurpose,
    Organization,
    Product,
    ProductVerification,
    StoredFile,
    case_products,
)
from app.products import ip_status
from app.text import fold


@dataclass(frozen=True)
class PublicTitle:
    """A granted title as the public sees it: in force, or expired and still renewable late (marked)."""

    case: Case
    status: ip_status.IpStatus
    expires_on: date | None
    late_renewal_until: date | None


def protected_products(search: str = "") -> sa.Select:
    """OCOP products covered by a mark or GI in force today, or in its late-renewal period, by name;
    the search matches the folded product or organization name."""
    stmt = (sa.select(Product).join(Product.organization).where(ip_status.shown_publicly_clause())
            .options(contains_eager(Product.organization)).order_by(Product.name, Product.id))
    if search:
        stmt = stmt.where(Product.search_text.contains(fold(search), autoescape=True))
    return stmt


def last_change() -> tuple[datetime, tuple]:
    """When anything a public page shows last changed, and a fingerprint of it all (one query):
    newest products, organizations, cases, verification tokens and uploads, and their counts (a
    deletion lowers a count). Public status also follows the date (a title lapses at midnight),
    so the day's start counts as a change."""
    # each MAX reads one end of an index (migration 0022) and each COUNT(*) is SQLite's table count,
    # so this costs the same at 50,000 rows as at 1,000 (COUNT(id) walked a whole index)
    parts = [sa.select(aggregate).select_from(table).scalar_subquery() for table, aggregate in (
        (Product, sa.func.max(Product.updated_at)), (Product, sa.func.count()),
        (Organization, sa.func.max(Organization.updated_at)), (Case, sa.func.max(Case.updated_at)),
        (Case, sa.func.count()), (ProductVerification, sa.func.max(ProductVerification.created_at)),
        (ProductVerification, sa.func.max(ProductVerification.revoked_at)),
        (StoredFile, sa.func.max(StoredFile.created_at)))]
    row = tuple(db.session.execute(sa.select(*parts)).one())
    start_of_day = datetime.combine(clock.today(), time(), clock.VIETNAM_TZ).astimezone(timezone.utc)
    newest = max([start_of_day] + [value for value in row if isinstance(value, datetime)])
    return newest, row


def public_titles(product_ids) -> dict[int, list[PublicTitle]]:
    """The titles covering each product that the public sees today (a constant number of queries):
    a lapsed one is not shown as if it protected anything."""
    ids = list(product_ids)
    found: dict[int, list[PublicTitle]] = {pid: [] for pid in ids}
    if not ids:
        return found
    rows = db.session.execute(
        sa.select(case_products.c.product_id, Case)
        .join(Case, Case.id == case_products.c.case_id)
        .where(case_products.c.product_id.in_(ids), Case.status == CaseStatus.GRANTED)
        .options(selectinload(Case.files))
        .order_by(Case.grant_date, Case.id)
    )
    today, late_months = clock.today(), ip_status.late_renewal_months()  # once, not once per expired title
    for product_id, case in rows:
        status = ip_status.case_status_on(case.status, case.expiry_date, today, late_months)
        if status is not None and status.shown_publicly:
            grace_end = add_months(case.expiry_date, late_months) if status == ip_status.IpStatus.GRACE else None
            found[product_id].append(PublicTitle(case, status, case.expiry_date, grace_end))
    return found


def mark_image(case: Case):
    return case.current_file(FilePurpose.MARK_IMAGE)


def qr_svg(url: str) -> str:
    """A QR code for the URL, as inline SVG (scale suits a label, quiet zone kept)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True,
                                    title=None)
    return buffer.getvalue().decode("utf-8")
