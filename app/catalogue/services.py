"""Public catalogue and QR verification: only what a granted certificate makes public."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Case, CaseStatus, FilePurpose, Product, case_products
from app.products import ip_status


def protected_products() -> list[Product]:
    """OCOP products covered by a granted mark or GI, by name."""
    stmt = (sa.select(Product).where(ip_status.protected_clause())
            .options(selectinload(Product.organization)).order_by(Product.name, Product.id))
    return list(db.session.scalars(stmt))


def granted_cases(product_ids) -> dict[int, list[Case]]:
    """The granted cases covering each product (one query)."""
    ids = list(product_ids)
    found: dict[int, list[Case]] = {pid: [] for pid in ids}
    if not ids:
        return found
    rows = db.session.execute(
        sa.select(case_products.c.product_id, Case)
        .join(Case, Case.id == case_products.c.case_id)
        .where(case_products.c.product_id.in_(ids), Case.status == CaseStatus.GRANTED)
        .options(selectinload(Case.files))
        .order_by(Case.grant_date, Case.id)
    )
    for product_id, case in rows:
        found[product_id].append(case)
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
