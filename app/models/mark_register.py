"""Earlier rights a mark is checked against (app/marks): the register of earlier marks DOST imports
from public search tools, its lookup keys, the protected geographical indications, and the latest
pre-check of each case.

A register row keeps its folded text and its sound keys, and one `earlier_mark_keys` row per key
(indexed), so a check fetches the marks sharing a key instead of scanning the register.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow


class EarlierMark(TimestampMixin, Base):
    """A mark filed or registered by someone, as exported from the IP office's or WIPO's database."""

    __tablename__ = "earlier_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the application or certificate number as the export gives it: a re-import updates by it
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    mark_text: Mapped[str] = mapped_column(sa.String(500))
    owner: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Nice classes, comma-separated in ascending order ("29,30")
    nice_classes: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(80), default="")
    filing_date: Mapped[Optional[date]]
    registration_date: Mapped[Optional[date]]
    #: which tool the row was exported from ("IPLib", "WIPO GBD"), as typed by DOST
    source: Mapped[str] = mapped_column(sa.String(120), default="")
    #: the text without accents, and its words' sound keys (app/marks), kept when the row is written
    folded: Mapped[str] = mapped_column(sa.String(500), default="")
    sound: Mapped[str] = mapped_column(sa.String(500), default="")

    keys: Mapped[list["EarlierMarkKey"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def classes(self) -> list[int]:
        """The Nice classes as numbers."""
        return [int(c) for c in self.nice_classes.split(",") if c.strip().isdigit()]


class EarlierMarkKey(Base):
    """One lookup key of an earlier mark (a word's sound key, or the start of its folded text)."""

    __tablename__ = "earlier_mark_keys"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    mark_id: Mapped[int] = mapped_column(sa.ForeignKey("earlier_marks.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)


class ProtectedIndication(TimestampMixin, Base):
    """A geographical indication protected in Vietnam (registered here, or under EVFTA/UKVFTA)."""

    __tablename__ = "protected_indications"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    product: Mapped[str] = mapped_column(sa.String(200))
    #: the class of the product, to weigh the goods of a mark containing the name
    nice_class: Mapped[Optional[int]]
    country: Mapped[str] = mapped_column(sa.String(80))
    basis: Mapped[str] = mapped_column(sa.String(200))
    source: Mapped[str] = mapped_column(sa.String(300))
    confirmed: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class MarkCheck(Base):
    """The latest pre-check of a case's mark: what was checked and the findings, as shown then."""

    __tablename__ = "mark_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(sa.String(500))
    nice_classes: Mapped[str] = mapped_column(sa.String(200), default="")
    findings: Mapped[list] = mapped_column(sa.JSON, default=list)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
