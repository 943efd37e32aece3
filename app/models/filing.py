"""After approval: how the application is filed and paid (the IP office's addresses, portal and
payment details, kept as data by an admin) and each case's filing plan, where the producer says how
it files and then reports the application number and date for DOST to confirm."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum
from app.models.case import FilingChannel

if TYPE_CHECKING:
    from app.models.user import User


class FilingRoute(TitledEnum):
    """Who files the approved application, and how."""

    ONLINE = "online", _l("The producer files online on the IP office's public-service portal")
    POST = "post", _l("The producer sends the paper dossier by post")
    IN_PERSON = "in_person", _l("The producer files the paper dossier in person at the IP office")
    DOST = "dost", _l("DOST files it on the producer's behalf")

    @property
    def channel(self) -> FilingChannel | None:
        """The channel the filing event records (DOST chooses its own when it records it)."""
        return {"online": FilingChannel.ONLINE, "post": FilingChannel.PAPER,
                "in_person": FilingChannel.PAPER}.get(self.value)

    @property
    def on_paper(self) -> bool:
        return self in (FilingRoute.POST, FilingRoute.IN_PERSON)


class FilingOffice(TimestampMixin, Base):
    """An office of the IP office that receives applications and fees (seeded from
    migrations/data/0014_filing_offices.csv; an admin keeps it at /filing/offices)."""

    __tablename__ = "filing_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    #: the online filing service (dịch vụ công trực tuyến)
    portal_url: Mapped[str] = mapped_column(sa.String(200), default="")
    payment_recipient: Mapped[str] = mapped_column(sa.String(200), default="")
    payment_account: Mapped[str] = mapped_column(sa.String(60), default="")
    payment_bank: Mapped[str] = mapped_column(sa.String(200), default="")
    #: what to write as the transfer's content; {applicant} and {title} are filled in per case
    payment_note: Mapped[str] = mapped_column(sa.String(300), default="")
    source: Mapped[str] = mapped_column(sa.String(300))
    #: False until every detail is checked against the IP office's own notice
    confirmed: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class FilingPlan(TimestampMixin, Base):
    """How one approved case is filed, and what the producer reports once it is: a proposal DOST
    confirms by recording the filing (app/cases/workflow.py "file"), never a status change."""

    __tablename__ = "filing_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    route: Mapped[FilingRoute] = mapped_column(string_enum(FilingRoute, 16))
    office_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("filing_offices.id", ondelete="SET NULL"))
    application_number: Mapped[Optional[str]] = mapped_column(sa.String(20))
    filing_date: Mapped[Optional[date]]
    reported_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    office: Mapped[Optional[FilingOffice]] = relationship()
    reported_by: Mapped[Optional["User"]] = relationship()
