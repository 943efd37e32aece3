"""Public catalogue and QR verification: only what a granted certificate makes public."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Case, CaseStatus, FilePurpose, Product, ProductVerification, case_products, utcnow
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


def current_verification(product: Product) -> ProductVerification | None:
    return db.session.scalar(
        sa.select(ProductVerification)
        .where(ProductVerification.product_id == product.id, ProductVerification.revoked_at.is_(None))
        .order_by(ProductVerification.id.desc())
    )


def ensure_verification(product: Product) -> ProductVerification:
    """The product's active QR token, made if it has none (flushes)."""
    verification = current_verification(product)
    if verification is None:
        verification = ProductVerification(product=product, token=secrets.token_urlsafe(16))
        db.session.add(verification)
        db.session.flush()
    return verification


def ensure_verifications(products: list[Product]) -> dict[int, ProductVerification]:
    existing = {v.product_id: v for v in db.session.scalars(
        sa.select(ProductVerification).where(ProductVerification.product_id.in_([p.id for p in products]),
                                             ProductVerification.revoked_at.is_(None)))}
    for product in products:
        if product.id not in existing:
            existing[product.id] = ensure_verification(product)
    return existing


def revoke(verification: ProductVerification) -> None:
    verification.revoked_at = utcnow()
    db.session.flush()


def find_token(token: str) -> ProductVerification | None:
    if not token or len(token) > 40:
        return None
    return db.session.scalar(sa.select(ProductVerification).where(ProductVerification.token == token))


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
