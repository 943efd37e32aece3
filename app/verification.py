"""The QR tokens printed on OCOP product labels: made, found and revoked here; the public
verification page that a token opens is in app/catalogue/.

A shared module (not in app/products/) because a token is made when a product becomes protected,
which is the case workflow's grant (app/cases/workflow.py): a public page only reads them."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Product, ProductVerification


def current_verification(product: Product) -> ProductVerification | None:
    """The product's active QR token (None if it has none, or only revoked ones)."""
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


def active_tokens(product_ids) -> dict[int, ProductVerification]:
    """The active QR tokens of these products, keyed by product id (one query, nothing written)."""
    return {v.product_id: v for v in db.session.scalars(
        sa.select(ProductVerification).where(ProductVerification.product_id.in_(list(product_ids)),
                                             ProductVerification.revoked_at.is_(None)))}


def ensure_verifications(products: list[Product]) -> dict[int, ProductVerification]:
    """Each product's active QR token, made where missing; keyed by product id (flushes)."""
    existing = active_tokens(p.id for p in products)
    for product in products:
        if product.id not in existing:
            existing[product.id] = ensure_verification(product)
    return existing


def revoke(verification: ProductVerification) -> None:
    """The printed QR code stops verifying (its page answers 410 Gone); flushes."""
    verification.revoked_at = clock.now()
    db.session.flush()


def find_token(token: str) -> ProductVerification | None:
    """The verification a scanned token stands for (revoked ones included: they answer 410)."""
    if not token or len(token) > 40:
        return None
    return db.session.scalar(sa.select(ProductVerification).where(ProductVerification.token == token))
