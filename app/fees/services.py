"""The fee calculator: which official fees apply to an application, and how much.

Every amount comes from a FeeRate row in force on the given date; nothing here
knows a figure. The calculator only decides how many times each rate counts,
from its unit (per application, per class, per item beyond 6 in a class, ...).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import get_locale

from app import clock
from app.extensions import db
from app.models import CaseKind, FeeRate, FeeStage, FeeUnit

#: Nice classes run from 1 to 45 (goods 1-34, services 35-45).
NICE_CLASSES = range(1, 46)
#: the stages an application's estimate covers; renewal and on-request fees are charged when they arise
APPLICATION_STAGES = (FeeStage.FILING, FeeStage.GRANT)


@dataclass(frozen=True)
class FeeLine:
    """One fee of an estimate: a rate times how many times it applies."""

    code: str
    title: str
    stage: FeeStage
    unit: FeeUnit
    unit_amount: int
    quantity: int
    amount: int
    legal_basis: str
    confirmed: bool
    note: str | None


@dataclass(frozen=True)
class FeeEstimate:
    """The fees of one application on a date, split into filing and grant stages."""

    lines: tuple[FeeLine, ...]
    on: date

    @property
    def filing_lines(self) -> tuple[FeeLine, ...]:
        return tuple(line for line in self.lines if line.stage == FeeStage.FILING)

    @property
    def grant_lines(self) -> tuple[FeeLine, ...]:
        return tuple(line for line in self.lines if line.stage == FeeStage.GRANT)

    @property
    def filing_total(self) -> int:
        return sum(line.amount for line in self.filing_lines)

    @property
    def grant_total(self) -> int:
        return sum(line.amount for line in self.grant_lines)

    @property
    def total(self) -> int:
        """Filing and grant together: what the application costs if it is granted."""
        return self.filing_total + self.grant_total

    @property
    def has_unconfirmed(self) -> bool:
        """True if any figure could not be checked against the official text."""
        return any(not line.confirmed for line in self.lines)


def rates_in_force(kind: CaseKind, on: date) -> list[FeeRate]:
    """The rates of a kind in force on a date, one per code, in display order.

    A rate is in force from effective_from to effective_to inclusive (open-ended
    when effective_to is empty). When an admin adds a new rate for a code from a
    later date without closing the old one, the later effective_from wins.
    """
    kind = CaseKind(kind)
    stmt = sa.select(FeeRate).where(
        FeeRate.case_kind == kind,
        FeeRate.effective_from <= on,
        sa.or_(FeeRate.effective_to.is_(None), FeeRate.effective_to >= on),
    )
    latest: dict[str, FeeRate] = {}
    for rate in db.session.scalars(stmt):
        if rate.code not in latest or rate.effective_from > latest[rate.code].effective_from:
            latest[rate.code] = rate
    return sorted(latest.values(), key=lambda rate: (rate.sort_order, rate.code))


def rate_title(rate: FeeRate, locale: str | None = None) -> str:
    """The rate's title in the UI language: English only for 'en', Vietnamese otherwise."""
    return rate.title_en if _language(locale) == "en" and rate.title_en else rate.title_vi


def estimate_fees(
    kind: CaseKind,
    items_per_class: Mapping[int, int],
    priority_claims: int = 0,
    on: date | None = None,
    locale: str | None = None,
) -> FeeEstimate:
    """The official fees for an application of `kind`.

    `items_per_class` maps each Nice class to the number of goods/services
    claimed in it; geographical indications have no classes and take {}.
    Raises ValueError on impossible input (class outside 1-45, fewer than one
    item in a class, a negative number of priority claims, classes for a GI).
    """
    kind = CaseKind(kind)
    _check_input(kind, items_per_class, priority_claims)
    on = on or clock.today()
    quantities = {
        FeeUnit.APPLICATION: 1,
        FeeUnit.CLASS: len(items_per_class),
        FeeUnit.CLASS_AFTER_FIRST: max(0, len(items_per_class) - 1),
        FeeUnit.PRIORITY_CLAIM: priority_claims,
    }
    lines = []
    for rate in rates_in_force(kind, on):
        if rate.stage not in APPLICATION_STAGES:
            continue
        if rate.unit == FeeUnit.EXTRA_ITEM:
            # The class fee covers `included_items` items (6 under Circular 263): the rate says how many.
            included = rate.included_items or 0
            quantity = sum(max(0, items - included) for items in items_per_class.values())
        else:
            quantity = quantities[rate.unit]
        if quantity == 0:
            continue
        lines.append(
            FeeLine(
                code=rate.code,
                title=rate_title(rate, locale),
                stage=rate.stage,
                unit=rate.unit,
                unit_amount=rate.amount,
                quantity=quantity,
                amount=rate.amount * quantity,
                legal_basis=rate.legal_basis,
                confirmed=rate.confirmed,
                note=rate.note,
            )
        )
    return FeeEstimate(lines=tuple(lines), on=on)


def rate_for(kind: CaseKind, code: str, on: date | None = None) -> FeeRate | None:
    """The rate of `code` for a kind in force on a date (today by default), e.g. "extension"."""
    return next((rate for rate in rates_in_force(kind, on or clock.today()) if rate.code == code), None)


def _check_input(kind: CaseKind, items_per_class: Mapping[int, int], priority_claims: int) -> None:
    for nice_class, items in items_per_class.items():
        if not _is_int(nice_class) or nice_class not in NICE_CLASSES:
            raise ValueError(f"Nice class must be a number from 1 to 45, not {nice_class!r}")
        if not _is_int(items) or items < 1:
            raise ValueError(f"class {nice_class} needs at least one item, not {items!r}")
    if kind == CaseKind.GI and items_per_class:
        raise ValueError("a geographical indication has no Nice classes: pass {}")
    if not _is_int(priority_claims) or priority_claims < 0:
        raise ValueError(f"priority_claims must be 0 or more, not {priority_claims!r}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _language(locale: str | None) -> str:
    """'en' or 'vi' etc.: the explicit locale, else the request's, else Vietnamese."""
    if locale is None:
        locale = str(get_locale() or "vi") if has_request_context() else "vi"
    return str(locale).replace("-", "_").split("_")[0].lower()
