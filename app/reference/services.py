"""Reference-data verbs and queries: change rows, audit them, flush; the view commits.

The public fee schedule and its worked examples are built here too, so the
page shows exactly what the calculator (app/fees) would charge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.fees import FeeEstimate, estimate_fees, rates_in_force
from app.models import CaseKind, FeeRate, FormVersion, NiceTerm, ProductGroup, User
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
