"""Organizations (chủ thể): the producers and bodies that own or apply for IP rights."""
from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.addresses import full_address
from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum

if TYPE_CHECKING:
    from app.models.case import Case
    from app.models.product import Product
    from app.models.user import User

#: Mã số thuế: 10 digits, or 10 digits + "-" + 3 digits for a dependent unit.
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


class OrganizationKind(TitledEnum):
    """The legal form of an organization; collective marks need a collective one."""

    COOPERATIVE = "cooperative", _l("Cooperative")  # hợp tác xã
    ENTERPRISE = "enterprise", _l("Enterprise")  # doanh nghiệp
    HOUSEHOLD_BUSINESS = "household_business", _l("Household business")  # hộ kinh doanh
    COOPERATIVE_GROUP = "cooperative_group", _l("Cooperative group")  # tổ hợp tác
    ASSOCIATION = "association", _l("Association")  # hiệp hội
    STATE_AGENCY = "state_agency", _l("State agency")  # cơ quan nhà nước


class Organization(TimestampMixin, Base):
    """A producer or body; addresses are province + ward (two tiers since 1 Jul 2025)."""

    __tablename__ = "organizations"
    #: the public pages' freshness check reads MAX(updated_at) (migration 0022)
    __table_args__ = (sa.Index("ix_organizations_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: raised by every edit through app/locking.py (optimistic locking: the edit form carries it)
    version: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    kind: Mapped[OrganizationKind] = mapped_column(string_enum(OrganizationKind))
    tax_code: Mapped[Optional[str]] = mapped_column(sa.String(14), unique=True)
    address_line: Mapped[str] = mapped_column(sa.String(250))
    province_code: Mapped[int]
    ward_code: Mapped[int] = mapped_column(index=True)
    legal_representative: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[Optional[str]] = mapped_column(sa.String(20))
    email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    #: folded name and tax code for the list search, kept current by app/models/search_keys.py
    search_key: Mapped[str] = mapped_column(sa.String(250), default="", server_default="", index=True)
    verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )

    users: Mapped[list["User"]] = relationship(
        back_populates="organization", foreign_keys="User.organization_id"
    )
    verified_by: Mapped[Optional["User"]] = relationship(foreign_keys=[verified_by_id])
    products: Mapped[list["Product"]] = relationship(
        back_populates="organization", order_by="Product.name"
    )
    cases: Mapped[list["Case"]] = relationship(back_populates="organization")

    @property
    def address(self) -> str:
        """The full address as written on an application: line, ward, province."""
        return full_address(self.address_line, self.ward_code, self.province_code)

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"
