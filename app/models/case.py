"""Cases (IP applications) and their append-only status history."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.organization import Organization
    from app.models.product import Product
    from app.models.user import User


class CaseKind(StrEnum):
    """The kind of right applied for."""

    TRADEMARK = "trademark"  # nhãn hiệu
    COLLECTIVE = "collective"  # nhãn hiệu tập thể
    CERTIFICATION = "certification"  # nhãn hiệu chứng nhận
    GI = "gi"  # chỉ dẫn địa lý

    @property
    def title(self) -> str:
        return str(CASE_KIND_TITLES[self])


CASE_KIND_TITLES = {
    CaseKind.TRADEMARK: _l("Trademark"),
    CaseKind.COLLECTIVE: _l("Collective mark"),
    CaseKind.CERTIFICATION: _l("Certification mark"),
    CaseKind.GI: _l("Geographical indication"),
}


class CaseStatus(StrEnum):
    """Where a case stands. Transitions between them live in app/cases/workflow.py."""

    #: the producer is preparing it
    DRAFT = "draft"
    #: sent to DOST for review
    SUBMITTED = "submitted"
    #: the consultant asked the producer for changes
    CHANGES_REQUESTED = "changes_requested"
    #: the consultant approved the dossier: ready to file with the IP office
    APPROVED = "approved"
    #: the applicant gave up before filing
    WITHDRAWN = "withdrawn"

    @property
    def title(self) -> str:
        return str(CASE_STATUS_TITLES[self])


CASE_STATUS_TITLES = {
    CaseStatus.DRAFT: _l("Draft"),
    CaseStatus.SUBMITTED: _l("Submitted for review"),
    CaseStatus.CHANGES_REQUESTED: _l("Changes requested"),
    CaseStatus.APPROVED: _l("Ready to file"),
    CaseStatus.WITHDRAWN: _l("Withdrawn"),
}

case_products = sa.Table(
    "case_products",
    Base.metadata,
    sa.Column("case_id", sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("product_id", sa.ForeignKey("products.id", ondelete="RESTRICT"), primary_key=True),
)


class Case(TimestampMixin, Base):
    """An application for a trademark, collective or certification mark, or GI."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind, 16))
    title: Mapped[str] = mapped_column(sa.String(200))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[CaseStatus] = mapped_column(
        string_enum(CaseStatus), default=CaseStatus.DRAFT, index=True
    )
    consultant_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    organization: Mapped["Organization"] = relationship(back_populates="cases")
    products: Mapped[list["Product"]] = relationship(secondary=case_products)
    consultant: Mapped[Optional["User"]] = relationship(foreign_keys=[consultant_id])
    created_by: Mapped[Optional["User"]] = relationship(foreign_keys=[created_by_id])
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.kind} {self.status}>"


class CaseEvent(Base):
    """One status change of a case; rows are only ever appended."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    transition: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[Optional[CaseStatus]] = mapped_column(string_enum(CaseStatus))
    to_status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus))
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[Optional["User"]] = relationship()
