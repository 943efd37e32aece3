"""Reference data that carries legal figures: Nice terms, official fees, form versions.

Every legal figure is a row with its legal basis and effective dates, never a
literal in code; admins edit them (app/reference), and every edit is audited.
Rows marked ``confirmed=False`` could not be checked against the official text
(see ../shared/domain/ip-vietnam.md) and are shown as UNCONFIRMED in the UI.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, TitledEnum, string_enum
from app.models.case import CaseKind
from app.models.product import ProductGroup


class NiceTerm(TimestampMixin, Base):
    """A Vietnamese goods/services term mapped to its Nice class, suggested by OCOP group."""

    __tablename__ = "nice_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    ocop_group: Mapped[Optional[ProductGroup]] = mapped_column(string_enum(ProductGroup), index=True)
    term_vi: Mapped[str] = mapped_column(sa.String(250))
    term_en: Mapped[str] = mapped_column(sa.String(250), default="")
    nice_class: Mapped[int]
    note: Mapped[Optional[str]] = mapped_column(sa.String(500))
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        sa.CheckConstraint("nice_class BETWEEN 1 AND 45", name="nice_class_1_to_45"),
        sa.UniqueConstraint("ocop_group", "term_vi", "nice_class", name="uq_nice_terms_group_term_class"),
    )


class FeeStage(TitledEnum):
    """When a fee is paid: with the application, after the office decides to grant, at renewal, or
    when an action is requested along the way."""

    FILING = "filing", _l("At filing")
    GRANT = "grant", _l("At grant")
    #: paid when the certificate is renewed (marks)
    RENEWAL = "renewal", _l("At renewal")
    #: paid when something is asked for along the way: an extension, a classification by the office
    ON_REQUEST = "on_request", _l("When requested")


class FeeUnit(TitledEnum):
    """What a fee is counted per; app/fees computes the quantity for each."""

    APPLICATION = "application", _l("per application")  # once per application
    CLASS = "class", _l("per class")  # per Nice class
    CLASS_AFTER_FIRST = "class_after_first", _l("per class from the 2nd")  # per class from the 2nd
    EXTRA_ITEM = "extra_item", _l("per item beyond 6 in a class")  # per item beyond the first 6 of each class
    PRIORITY_CLAIM = "priority_claim", _l("per priority claim")  # per priority claimed
    EXTENSION = "extension", _l("per extension")  # each extension of a time limit granted
    #: a percentage of the renewal fee per month late (the amount is a percentage, not VND)
    PERCENT_PER_LATE_MONTH = "percent_per_late_month", _l("per late month, as a percentage of the renewal fee")


class FeeRate(TimestampMixin, Base):
    """One official fee, valid for applications of a kind filed between two dates."""

    __tablename__ = "fee_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    case_kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind, 16))
    stage: Mapped[FeeStage] = mapped_column(string_enum(FeeStage, 16))
    unit: Mapped[FeeUnit] = mapped_column(string_enum(FeeUnit, 24))
    title_vi: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[int]  # VND
    #: for EXTRA_ITEM rows: how many items per class the class fee already covers (6 under Circular 263)
    included_items: Mapped[Optional[int]]
    legal_basis: Mapped[str] = mapped_column(sa.String(300))
    effective_from: Mapped[date]
    effective_to: Mapped[Optional[date]]
    confirmed: Mapped[bool] = mapped_column(default=False)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    sort_order: Mapped[int] = mapped_column(default=0)

    @property
    def is_percentage(self) -> bool:
        """The amount is a percentage (of the renewal fee), not VND."""
        return self.unit == FeeUnit.PERCENT_PER_LATE_MONTH

    __table_args__ = (
        sa.UniqueConstraint("code", "case_kind", "effective_from", name="uq_fee_rates_code_kind_from"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
    )


class FormVersion(TimestampMixin, Base):
    """Which official declaration form applies to a kind of application, and from when."""

    __tablename__ = "form_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind, 16))
    form_number: Mapped[str] = mapped_column(sa.String(60))  # e.g. "Mẫu số 08"
    form_title: Mapped[str] = mapped_column(sa.String(200))  # e.g. "Tờ khai đăng ký nhãn hiệu"
    legal_basis: Mapped[str] = mapped_column(sa.String(300))  # e.g. "Phụ lục I, Nghị định 65/2023/NĐ-CP"
    effective_from: Mapped[date]
    effective_to: Mapped[Optional[date]]
    active: Mapped[bool] = mapped_column(default=True)
    confirmed: Mapped[bool] = mapped_column(default=False)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
