"""The annual implementation report: the provincial plan's targets, the yearly counts kept outside
the app's cases (copyright, related rights, plant varieties), and the report's heading and signer.

Figures themselves are never stored: app/reports/figures.py computes them from the data.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.user import User


class ReportMetric(TitledEnum):
    """What a growth target of the plan is about."""

    #: industrial-property applications (marks, collective/certification marks, GIs) filed: from the cases
    INDUSTRIAL_PROPERTY = "industrial_property", _l("Industrial-property applications")
    #: the three below are counted outside the app and entered each year (ManualCount)
    COPYRIGHT = "copyright", _l("Copyright applications")
    RELATED_RIGHTS = "related_rights", _l("Related-rights applications")
    PLANT_VARIETY = "plant_variety", _l("Plant-variety applications")

    @property
    def manual(self) -> bool:
        """Counted outside the app: a consultant enters the yearly figure."""
        return self is not ReportMetric.INDUSTRIAL_PROPERTY


MANUAL_METRICS = tuple(m for m in ReportMetric if m.manual)


class PlanTarget(TimestampMixin, Base):
    """A growth target of the provincial plan for one metric, with its source.

    The average yearly growth since `base_year` must reach `min_growth_pct`
    (`max_growth_pct` closes the band the plan names, e.g. 3–5 %; exceeding it still meets it).
    """

    __tablename__ = "plan_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[ReportMetric] = mapped_column(string_enum(ReportMetric), unique=True)
    min_growth_pct: Mapped[float] = mapped_column(sa.Float)
    max_growth_pct: Mapped[Optional[float]] = mapped_column(sa.Float)
    base_year: Mapped[int]
    #: the plan (number, date, issuer) the figure comes from
    source: Mapped[str] = mapped_column(sa.String(300))
    #: False until someone checked the figure against the signed plan
    confirmed: Mapped[bool] = mapped_column(default=False)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    updated_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[Optional["User"]] = relationship()


class ManualCount(Base):
    """A yearly application count kept outside the app (e.g. from the Copyright Office's statistics)."""

    __tablename__ = "manual_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    metric: Mapped[ReportMetric] = mapped_column(string_enum(ReportMetric))
    count: Mapped[int]
    #: where the figure comes from (agency, document, date)
    source: Mapped[str] = mapped_column(sa.String(300))
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    entered_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    entered_by: Mapped[Optional["User"]] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("year", "metric", name="uq_manual_counts_year_metric"),
        sa.CheckConstraint("count >= 0", name="count_not_negative"),
    )


class ReportSettings(TimestampMixin, Base):
    """The heading and signature block of the printed report (one row, edited by an admin)."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the body the agency belongs to, printed above it ("UBND THÀNH PHỐ CẦN THƠ")
    parent_agency: Mapped[str] = mapped_column(sa.String(200))
    agency: Mapped[str] = mapped_column(sa.String(200))
    #: the place in the date line ("Cần Thơ, ngày … tháng … năm …")
    place: Mapped[str] = mapped_column(sa.String(100))
    #: the symbol after the number ("BC-SKHCN" in "Số: …/BC-SKHCN")
    number_suffix: Mapped[str] = mapped_column(sa.String(40))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    #: "KT. GIÁM ĐỐC" when a deputy signs on the director's behalf
    signer_authority: Mapped[str] = mapped_column(sa.String(100))
    signer_title: Mapped[str] = mapped_column(sa.String(100))
    signer_name: Mapped[str] = mapped_column(sa.String(120), default="")
    #: "Nơi nhận" lines, one per line
    distribution: Mapped[str] = mapped_column(sa.Text, default="")
    #: the plan's period (2021–2030) and the last year of its mid-term review (2025): the reviews
    #: at /reports/review cover plan_first_year..midterm_last_year and plan_first_year..plan_last_year
    plan_first_year: Mapped[int] = mapped_column(default=2021, server_default=sa.text("2021"))
    midterm_last_year: Mapped[int] = mapped_column(default=2025, server_default=sa.text("2025"))
    plan_last_year: Mapped[int] = mapped_column(default=2030, server_default=sa.text("2030"))
    updated_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
