"""Contributions of other agencies to the annual report (issue 20): the agencies that feed it,
the figures each one reports (as data), DOST's yearly collection round and each agency's
contribution to it, with one value per figure and the reminders sent about it."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum, utcnow


class FigureUnit(TitledEnum):
    """How a figure is typed and checked."""

    COUNT = "count", _l("Whole number")
    VND = "vnd", _l("Amount in VND")
    DATE = "date", _l("Date (dd/mm/yyyy)")


class ReportSection(TitledEnum):
    """The part of the annual report a contributed figure goes into."""

    OTHER_RIGHTS = "other_rights", _l("Copyright, related rights and plant varieties")
    OCOP = "ocop", _l("OCOP products and their IP protection")
    ENFORCEMENT = "enforcement", _l("Inspections, infringements and counterfeit goods")
    TRAINING = "training", _l("Training and communication on IP")
    RESOURCES = "resources", _l("Staff and budget for IP work")


class ContributionStatus(TitledEnum):
    """Where an agency's contribution to a round stands."""

    DRAFT = "draft", _l("Not submitted")
    SUBMITTED = "submitted", _l("Submitted, awaiting DOST")
    RETURNED = "returned", _l("Returned for correction")
    ACCEPTED = "accepted", _l("Accepted")


#: statuses in which the agency may still change its figures
EDITABLE_CONTRIBUTION = frozenset({ContributionStatus.DRAFT, ContributionStatus.RETURNED})


class Agency(TimestampMixin, Base):
    """A body the provincial plan gives a task and that reports on it to DOST (kept by an admin)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    contact_name: Mapped[Optional[str]] = mapped_column(sa.String(120))
    contact_email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    contact_phone: Mapped[Optional[str]] = mapped_column(sa.String(20))
    active: Mapped[bool] = mapped_column(default=True)

    figures: Mapped[list["FigureDefinition"]] = relationship(
        back_populates="agency", order_by="FigureDefinition.position")

    @property
    def sections(self) -> list[ReportSection]:
        """The report sections the agency feeds: those of its figures (one source of truth)."""
        return sorted({f.section for f in self.figures if f.active}, key=list(ReportSection).index)


class FigureDefinition(TimestampMixin, Base):
    """One figure an agency reports each year: its label, unit, definition and report section."""

    __tablename__ = "figure_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[FigureUnit] = mapped_column(string_enum(FigureUnit, 16))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    section: Mapped[ReportSection] = mapped_column(string_enum(ReportSection, 32))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship(back_populates="figures")


class CollectionRound(TimestampMixin, Base):
    """DOST's yearly call for contributions, with the date they are due."""

    __tablename__ = "collection_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    due_date: Mapped[date]
    opened_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    contributions: Mapped[list["Contribution"]] = relationship(back_populates="round")


class Contribution(TimestampMixin, Base):
    """An agency's part of a round: its figures, their status and DOST's note when returned."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_rounds.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    status: Mapped[ContributionStatus] = mapped_column(string_enum(ContributionStatus, 16),
                                                       default=ContributionStatus.DRAFT)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    return_note: Mapped[Optional[str]] = mapped_column(sa.Text)

    round: Mapped[CollectionRound] = relationship(back_populates="contributions")
    agency: Mapped[Agency] = relationship()
    values: Mapped[list["ContributionValue"]] = relationship(back_populates="contribution")

    __table_args__ = (sa.UniqueConstraint("round_id", "agency_id", name="uq_contributions_round_agency"),)


class ContributionValue(Base):
    """One figure of a contribution: the number (count or VND) or the date, the narrative, a file."""

    __tablename__ = "contribution_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(sa.ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    definition_id: Mapped[int] = mapped_column(sa.ForeignKey("figure_definitions.id", ondelete="RESTRICT"))
    amount: Mapped[Optional[int]] = mapped_column(sa.BigInteger)
    day: Mapped[Optional[date]]
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    #: the attached file: the safe original name, our stored name (UPLOAD_DIR/contributions/<id>/), its type
    file_name: Mapped[Optional[str]] = mapped_column(sa.String(255))
    stored_name: Mapped[Optional[str]] = mapped_column(sa.String(64))
    content_type: Mapped[Optional[str]] = mapped_column(sa.String(64))

    contribution: Mapped[Contribution] = relationship(back_populates="values")
    definition: Mapped[FigureDefinition] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("contribution_id", "definition_id", name="uq_contribution_values_figure"),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    )


class ContributionReminder(Base):
    """A reminder sent about a contribution: once per contribution, person, moment and channel."""

    __tablename__ = "contribution_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(sa.ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: "7" / "1" days before the due date, "0" once late, or "dost-<date>" for DOST's reminder of a day
    moment: Mapped[str] = mapped_column(sa.String(24))
    channel: Mapped[str] = mapped_column(sa.String(16))  # "app" or "email"
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("contribution_id", "user_id", "moment", "channel",
                                          name="uq_contribution_reminders_once"),)
