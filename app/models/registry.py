"""The OCOP product registry: referrals to DOST, import batches, API tokens, QR verification.

Also keeps `Product.search_text` (folded product + organization names) current on
every flush, so the accent-insensitive search is a plain LIKE on one column.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.models.base import Base, TitledEnum, UTCDateTime, string_enum, utcnow
from app.models.case import CaseKind, case_products
from app.models.organization import Organization
from app.models.product import Product
from app.text import fold

if TYPE_CHECKING:
    from app.models.case import Case
    from app.models.user import User


class ReferralStatus(TitledEnum):
    """Where a request for IP support stands."""

    OPEN = "open", _l("Open")  # waiting for DOST
    ACCEPTED = "accepted", _l("Accepted")  # a consultant started a draft case for the producer
    CLOSED = "closed", _l("Closed")  # closed with a reason


class ProductReferral(Base):
    """The office's request that DOST support a product's IP protection ("cần hỗ trợ SHTT")."""

    __tablename__ = "product_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"), index=True)
    suggested_kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind, 16), default=CaseKind.TRADEMARK)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ReferralStatus] = mapped_column(string_enum(ReferralStatus, 16), default=ReferralStatus.OPEN,
                                                   index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    close_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    case_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("cases.id", ondelete="SET NULL"))

    product: Mapped[Product] = relationship()
    created_by: Mapped[Optional["User"]] = relationship(foreign_keys=[created_by_id])
    handled_by: Mapped[Optional["User"]] = relationship(foreign_keys=[handled_by_id])
    case: Mapped[Optional["Case"]] = relationship()

    @property
    def organization_id(self) -> int:
        """Referrals belong to the product's organization (for scoping)."""
        return self.product.organization_id


class ImportBatch(Base):
    """One committed import of a product list: who, when, which file, what it did."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(255))
    file_sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    rows_total: Mapped[int] = mapped_column(default=0)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    organizations_created: Mapped[int] = mapped_column(default=0)

    user: Mapped[Optional["User"]] = relationship()


class ApiToken(Base):
    """A per-user token for the read-only API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the first characters, shown so people can tell their tokens apart
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])
    created_by: Mapped[Optional["User"]] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ProductVerification(Base):
    """The public token behind a product's QR code (`/verify/<token>`)."""

    __tablename__ = "product_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: indexed: the public pages' freshness check reads their MAX (migration 0022)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)

    product: Mapped[Product] = relationship()


def product_search_text(product: Product, organization: Organization | None) -> str:
    """What the list search looks in: folded product and organization names."""
    parts = [product.name or "", organization.name if organization is not None else ""]
    return fold(" ".join(parts))[:500]


@event.listens_for(Session, "before_flush")
def _keep_search_text_current(session: Session, _context, _instances) -> None:
    """Recompute the folded search text of new or renamed products and of renamed organizations' products."""
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Product):
            organization = obj.organization
            if organization is None and obj.organization_id is not None:
                organization = session.get(Organization, obj.organization_id)
            text = product_search_text(obj, organization)
            if obj.search_text != text:
                obj.search_text = text
        elif isinstance(obj, Organization) and obj in session.dirty:
            history = sa.inspect(obj).attrs.name.history
            if history.has_changes():
                for product in obj.products:
                    product.search_text = product_search_text(product, obj)


#: "which cases cover this product" (the IP status of every product) needs case_products by product
sa.Index("ix_case_products_product_id", case_products.c.product_id)
