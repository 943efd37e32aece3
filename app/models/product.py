"""OCOP products (Decision 148/QĐ-TTg)."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, string_enum

if TYPE_CHECKING:
    from app.models.organization import Organization


class ProductGroup(TitledEnum):
    """The six OCOP product groups of Decision 148/QĐ-TTg (24 Feb 2023)."""

    FOOD = "food", _l("Food")  # thực phẩm
    DRINKS = "drinks", _l("Drinks")  # đồ uống
    HERBAL = "herbal", _l("Medicinal plants and herbal products")  # dược liệu và sản phẩm từ dược liệu
    HANDICRAFT = "handicraft", _l("Handicrafts")  # hàng thủ công mỹ nghệ
    ORNAMENTAL = "ornamental", _l("Ornamental plants and animals")  # sinh vật cảnh
    TOURISM = "tourism", _l("Community tourism, eco-tourism and tourist sites")  # dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch


class Product(TimestampMixin, Base):
    """An OCOP-rated product of an organization."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: raised by every edit through app/locking.py (optimistic locking: the edit form carries it)
    version: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    group: Mapped[ProductGroup] = mapped_column(string_enum(ProductGroup))
    stars: Mapped[int]
    certificate_number: Mapped[Optional[str]] = mapped_column(sa.String(60), unique=True)
    certificate_issued_on: Mapped[Optional[date]]
    #: indexed: the office home lists the certificates expiring within 90 days (migration 0022)
    certificate_expires_on: Mapped[Optional[date]] = mapped_column(index=True)
    ward_code: Mapped[Optional[int]] = mapped_column(index=True)
    #: folded (lower-case, no diacritics) product and organization names, for accent-insensitive
    #: search that works the same on SQLite and PostgreSQL; kept current by app/models/registry.py
    search_text: Mapped[str] = mapped_column(sa.String(500), default="", server_default="", index=True)

    organization: Mapped["Organization"] = relationship(back_populates="products")

    #: (group, stars): the registry's counts by group and by stars read this index alone (migration 0022)
    __table_args__ = (sa.CheckConstraint("stars BETWEEN 3 AND 5", name="stars_3_to_5"),
                      sa.Index("ix_products_group_stars", "group", "stars"),
                      # the public pages' freshness check reads MAX(updated_at) (migration 0022)
                      sa.Index("ix_products_updated_at", "updated_at"))

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.name!r}>"
