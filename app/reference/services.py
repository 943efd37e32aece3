"""Reference-data verbs and queries: change rows, audit them, flush; the view commits.

The public fee schedule and its worked examples are built here too, so the
page shows exactly what the calculator (app/fees) would charge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app import audit
from app.cases.workflow import TRANSITIONS
from app.deadlines.services import holidays, recount
from app.extensions import db
from app.fees import FeeEstimate, estimate_fees, rates_in_force
from app.models import (
    AuditEntry,
    CaseKind,
    Deadline,
    DeadlineRule,
    DeadlineState,
    FeeRate,
    FormVersion,
    Holiday,
    NiceTerm,
    ProductGroup,
    User,
    ValidityPeriod,
)
from app.text import fold, nfc, sort_key

#: the fields an admin edits, per table; the audit trail compares these
FEE_RATE_FIELDS = (
    "code", "case_kind", "stage", "unit", "title_vi", "title_en", "amount", "legal_basis",
    "effective_from", "effective_to", "confirmed", "note", "sort_order",
)
NICE_TERM_FIELDS = ("term_vi", "term_en", "nice_class", "ocop_group", "note", "active")
FORM_VERSION_FIELDS = (
    "case_kind", "form_number", "form_title", "legal_basis", "effective_from", "effective_to",
    "active", "confirmed", "note",
)
#: kinds in the order the UI lists them (trademark first, GI last), not alphabetical
KIND_ORDER = {kind: position for position, kind in enumerate(CaseKind)}
#: the worked example on the public page: one Nice class with no more than 6 goods/services
EXAMPLE_ITEMS_PER_CLASS = {30: 6}  # class 30 (rice, coffee, tea, sauces) is the commonest for OCOP food


@dataclass(frozen=True)
class ScheduleSection:
    """One kind's part of the public fee schedule."""

    kind: CaseKind
    rates: list[FeeRate]
    example: FeeEstimate


def fee_schedule(on: date) -> list[ScheduleSection]:
    """The rates in force on a date for every kind, each with a worked example."""
    sections = []
    for kind in CaseKind:
        classes = {} if kind == CaseKind.GI else EXAMPLE_ITEMS_PER_CLASS
        sections.append(ScheduleSection(kind, rates_in_force(kind, on), estimate_fees(kind, classes, on=on)))
    return sections


# Fee rates ---------------------------------------------------------------------------


def all_fee_rates(kind: CaseKind | None = None) -> list[FeeRate]:
    """Every rate, past, present and future, by kind (in CaseKind order) and code, newest first."""
    stmt = sa.select(FeeRate)
    if kind is not None:
        stmt = stmt.where(FeeRate.case_kind == kind)
    rates = sorted(db.session.scalars(stmt), key=lambda r: -r.effective_from.toordinal())
    return sorted(rates, key=lambda r: (KIND_ORDER[r.case_kind], r.sort_order, r.code))


def fee_rate_ids_in_force(on: date) -> set[int]:
    return {rate.id for kind in CaseKind for rate in rates_in_force(kind, on)}


def fee_rate_taken(code: str, kind: CaseKind, effective_from: date, exclude_id: int | None = None) -> bool:
    """True if another row already has this code, kind and start date (the unique key)."""
    stmt = sa.select(FeeRate.id).where(
        FeeRate.code == code, FeeRate.case_kind == kind, FeeRate.effective_from == effective_from
    )
    if exclude_id is not None:
        stmt = stmt.where(FeeRate.id != exclude_id)
    return db.session.scalar(stmt.limit(1)) is not None


def create_fee_rate(fields: dict, actor: User | None) -> FeeRate:
    return _create_audited(FeeRate, fields, actor)


def update_fee_rate(rate: FeeRate, fields: dict, actor: User | None):
    return _update_audited(rate, fields, FEE_RATE_FIELDS, actor)


# Nice terms --------------------------------------------------------------------------


def search_terms(nice_class: int | None = None, group: ProductGroup | None = None, query: str = "") -> list[NiceTerm]:
    """Terms by class and OCOP group; `query` matches Vietnamese or English text without accents.

    The list has hundreds of rows, so folding in Python keeps the search the same
    on SQLite and PostgreSQL (as the organization search does).
    """
    stmt = sa.select(NiceTerm)
    if nice_class is not None:
        stmt = stmt.where(NiceTerm.nice_class == nice_class)
    if group is not None:
        stmt = stmt.where(NiceTerm.ocop_group == group)
    terms = list(db.session.scalars(stmt))
    needle = fold(query.strip())
    if needle:
        terms = [t for t in terms if needle in fold(t.term_vi) or needle in fold(t.term_en or "")]
    return sorted(terms, key=lambda t: (t.nice_class, sort_key(t.term_vi)))


def nice_term_taken(term_vi: str, nice_class: int, group: ProductGroup | None, exclude_id: int | None = None) -> bool:
    """True if the same term (ignoring case) is already listed in this class for this group."""
    stmt = sa.select(NiceTerm).where(NiceTerm.nice_class == nice_class)
    stmt = stmt.where(NiceTerm.ocop_group.is_(None) if group is None else NiceTerm.ocop_group == group)
    if exclude_id is not None:
        stmt = stmt.where(NiceTerm.id != exclude_id)
    wanted = nfc(term_vi).casefold()
    return any(nfc(t.term_vi).casefold() == wanted for t in db.session.scalars(stmt))


def create_nice_term(fields: dict, actor: User | None) -> NiceTerm:
    return _create_audited(NiceTerm, fields, actor)


def update_nice_term(term: NiceTerm, fields: dict, actor: User | None):
    return _update_audited(term, fields, NICE_TERM_FIELDS, actor)


# Form versions -----------------------------------------------------------------------


def all_form_versions() -> list[FormVersion]:
    stmt = sa.select(FormVersion).order_by(FormVersion.effective_from.desc())
    return sorted(db.session.scalars(stmt), key=lambda v: KIND_ORDER[v.case_kind])


def update_form_version(version: FormVersion, fields: dict, actor: User | None):
    return _update_audited(version, fields, FORM_VERSION_FIELDS, actor)


def _create_audited(model: type, fields: dict, actor: User | None):
    """A new row from the fields, with its "create" audit entry; flushes."""
    obj = model()
    _apply(obj, fields)
    db.session.add(obj)
    audit.record_change(obj, "create", actor)
    return obj


def _update_audited(obj: object, fields: dict, tracked: tuple, actor: User | None):
    """Apply the fields and audit what changed among `tracked` (None if nothing did)."""
    before = audit.snapshot(obj, tracked)
    _apply(obj, fields)
    return audit.record_change(obj, "update", actor, before)


def _apply(obj: object, fields: dict) -> None:
    """Set edited fields, text stored NFC (the forms already turn empty optional text into None)."""
    for key, value in fields.items():
        if isinstance(value, str):
            value = nfc(value)
        setattr(obj, key, value)


# Deadline rules, public holidays, validity periods -------------------------------------
#
# Legal time limits are data an admin maintains. A change that moves dates (a rule's period,
# a holiday added or removed) recounts the OPEN deadlines it affects; met, missed and cancelled
# deadlines keep the dates they were judged against.

DEADLINE_RULE_FIELDS = (
    "title_vi", "title_en", "months", "days", "extendable_times", "extension_months", "legal_basis",
    "filed_from", "filed_to", "confirmed", "active", "note",
)
#: rule fields whose change moves the due dates of the deadlines made from the rule
DEADLINE_PERIOD_FIELDS = frozenset({"months", "days", "extension_months"})
VALIDITY_PERIOD_FIELDS = ("months", "legal_basis", "confirmed", "note")
#: a holiday added or removed recounts open deadlines due (or nominally ending) this close to it
HOLIDAY_REACH = timedelta(days=14)


def all_deadline_rules() -> list[DeadlineRule]:
    """Every rule, by triggering event in lifecycle order, then by the filings it applies to."""
    order = {t.name: position for position, t in enumerate(TRANSITIONS)}
    rules = db.session.scalars(sa.select(DeadlineRule).order_by(DeadlineRule.id))
    return sorted(rules, key=lambda r: (order.get(r.trigger, len(order)), r.trigger,
                                        r.filed_from or date.min, r.id))


def update_deadline_rule(rule: DeadlineRule, fields: dict, actor: User | None) -> tuple[AuditEntry | None, int]:
    """Apply and audit an edit; if the period changed, recount the rule's open deadlines.

    Returns (the audit entry or None, how many open deadlines were recounted).
    """
    entry = _update_audited(rule, fields, DEADLINE_RULE_FIELDS, actor)
    recounted = 0
    if entry is not None and DEADLINE_PERIOD_FIELDS & set(entry.changes):
        recounted = recount_open_deadlines(sa.select(Deadline).where(Deadline.rule_id == rule.id))
    return entry, recounted


def recount_open_deadlines(stmt: sa.Select) -> int:
    """Recount the open deadlines selected by `stmt` from their rule, start date and extensions.

    Only open deadlines move: a deadline already met or missed keeps the date it was judged
    against (app.deadlines.services.recompute would recount those too). Flushes.
    """
    off_days = holidays()
    deadlines = list(db.session.scalars(stmt.where(Deadline.state == DeadlineState.OPEN)))
    for deadline in deadlines:
        recount(deadline, off_days)
    db.session.flush()
    return len(deadlines)


def recount_deadlines_near(day: date) -> int:
    """Recount open deadlines whose due date or calendar end lies within HOLIDAY_REACH of `day`."""
    low, high = day - HOLIDAY_REACH, day + HOLIDAY_REACH
    return recount_open_deadlines(sa.select(Deadline).where(sa.or_(
        Deadline.due_date.between(low, high), Deadline.nominal_due.between(low, high))))


def holidays_in_year(year: int) -> list[Holiday]:
    stmt = sa.select(Holiday).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(db.session.scalars(stmt.order_by(Holiday.day)))


def holiday_on(day: date) -> Holiday | None:
    return db.session.scalar(sa.select(Holiday).where(Holiday.day == day))


def add_holiday(fields: dict, actor: User | None) -> tuple[Holiday, int]:
    """A new public holiday (day, name, its source and whether it was checked against it), audited;
    open deadlines near it are recounted."""
    holiday = _create_audited(Holiday, fields, actor)
    return holiday, recount_deadlines_near(holiday.day)


def delete_holiday(holiday: Holiday, actor: User | None) -> int:
    """Remove a holiday, audited; open deadlines near it are recounted."""
    day = holiday.day
    audit.record_change(holiday, "delete", actor)
    db.session.delete(holiday)
    db.session.flush()
    return recount_deadlines_near(day)


def all_validity_periods() -> list[ValidityPeriod]:
    return list(db.session.scalars(sa.select(ValidityPeriod).order_by(ValidityPeriod.code)))


def update_validity_period(period: ValidityPeriod, fields: dict, actor: User | None):
    return _update_audited(period, fields, VALIDITY_PERIOD_FIELDS, actor)


def holiday_changes(limit: int = 20) -> list[AuditEntry]:
    """The latest holidays added or removed, newest first (deleted rows keep their audit entries)."""
    stmt = (
        sa.select(AuditEntry).where(AuditEntry.entity == Holiday.__tablename__)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    return list(db.session.scalars(stmt))
