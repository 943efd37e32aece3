"""Public catalogue and QR verification: only what a granted certificate makes public."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app import clock
from app.deadlines.calendar import add_months
from app.extensions import db
from app.models import Case, CaseStatus, FilePurpose, Product, case_products
from app.products import ip_status


@dataclass(frozen=True)
class PublicTitle:
    """A granted title as the public sees it: in force, or expired and still renewable late (marked)."""

    case: Case
    status: ip_status.IpStatus
    expires_on: date | None
    late_renewal_until: date | None


def protected_products() -> list[Product]:
    """OCOP products covered by a mark or GI in force today, or in its late-renewal period, by name."""
    stmt = (sa.select(Product).where(ip_status.shown_publicly_clause())
            .options(selectinload(Product.organization)).order_by(Product.name, Product.id))
    return list(db.session.scalars(stmt))


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
