"""Services of the contributions: open a round, fill in, submit, accept, send back; and the
accepted figures the annual report consolidates. Like every service they flush and never commit;
every change is recorded in the audit trail (app/audit.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app import clock
from app.audit import record_change, snapshot
from app.extensions import db
from app.forms import parse_date
from app.i18n import format_date_vn
from app.models import (
    Agency,
    AuditEntry,
    CollectionRound,
    Contribution,
    ContributionStatus,
    ContributionValue,
    FigureDefinition,
    FigureUnit,
    ReportSection,
    User,
)
from app.models.contribution import EDITABLE_CONTRIBUTION

VALUE_FIELDS = ("amount", "day", "narrative", "file_name")
STATUS_FIELDS = ("status", "return_note")
#: what a whole number or an amount may look like: digits, with "." or spaces between thousands
_NUMBER_RE = re.compile(r"^\d{1,3}(?:[.\s]\d{3})+$|^\d+$")
_VND_SUFFIX_RE = re.compile(r"\s*(?:vnđ|vnd|đồng|đ)\s*$", re.IGNORECASE)
#: beyond this an amount is a typing error (a trillion trillion đồng)
MAX_AMOUNT = 10**15


class ContributionError(Exception):
    """A change refused; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- values --------------------------------------------------------------------------------------

def parse_value(unit: FigureUnit, raw) -> tuple[int | None, date | None]:
    """A typed or uploaded value as (amount, day) by its unit; ContributionError if it is not one.

    Empty gives (None, None): a draft may be incomplete, submitting checks every figure is there.
    """
    if isinstance(raw, datetime):
        raw = raw.date()
    if unit == FigureUnit.DATE:
        return None, _parse_day(raw)
    return _parse_amount(unit, raw), None


def _parse_day(raw) -> date | None:
    if isinstance(raw, date):
        return raw
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise ContributionError(_l("Enter a date as dd/mm/yyyy, e.g. 15/11/2026.")) from None


def _parse_amount(unit: FigureUnit, raw) -> int | None:
    if isinstance(raw, bool) or isinstance(raw, date):
        raise ContributionError(_l("Enter a whole number."))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ContributionError(_l("Enter a whole number, without decimals."))
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw if raw is not None else "").strip()
        if unit == FigureUnit.VND:
            text = _VND_SUFFIX_RE.sub("", text)
        if not text:
            return None
        if text.startswith("-"):
            raise ContributionError(_l("Enter 0 or more."))
        if "," in text:
            raise ContributionError(_l("Enter a whole number, without decimals (dots or spaces may separate "
                                       "thousands: 1.500.000)."))
        if not _NUMBER_RE.match(text):
            raise ContributionError(_l("Enter a whole amount in đồng, digits only (e.g. 1.500.000).")
                                    if unit == FigureUnit.VND else _l("Enter a whole number, digits only."))
        value = int(re.sub(r"[.\s]", "", text))
    if value < 0:
        raise ContributionError(_l("Enter 0 or more."))
    if value > MAX_AMOUNT:
        raise ContributionError(_l("This number is too large; check it."))
    return value


def shown_value(value: ContributionValue | None) -> str:
    """A value as people type it back: "1.500.000", "15/11/2026", or "" when there is none."""
    if value is None:
        return ""
    if value.day is not None:
        return format_date_vn(value.day)
    return "" if value.amount is None else f"{value.amount:,}".replace(",", ".")


def figures_of(agency: Agency) -> list[FigureDefinition]:
    return [f for f in agency.figures if f.active]


def values_by_figure(contribution: Contribution) -> dict[int, ContributionValue]:
    return {v.definition_id: v for v in contribution.values}


# --- rounds --------------------------------------------------------------------------------------

def rounds() -> list[CollectionRound]:
    return list(db.session.scalars(sa.select(CollectionRound).order_by(CollectionRound.year.desc())))


def round_of_year(year: int) -> CollectionRound | None:
    return db.session.scalar(sa.select(CollectionRound).where(CollectionRound.year == year))


def open_round(year: int, due_date: date, actor: User) -> CollectionRound:
    """DOST's call for the year: one contribution per active agency that reports figures."""
    if round_of_year(year) is not None:
        raise ContributionError(_l("A round for %(year)d is already open.", year=year))
    if due_date.year not in (year, year + 1):
        raise ContributionError(_l("The due date must fall in %(year)d or early the next year.", year=year))
    collection = CollectionRound(year=year, due_date=due_date, opened_by_id=actor.id)
    db.session.add(collection)
    db.session.flush()
    record_change(collection, "create", actor)
    agencies = db.session.scalars(sa.select(Agency).where(Agency.active.is_(True)).options(
        selectinload(Agency.figures)))
    for agency in agencies:
        if figures_of(agency):
            db.session.add(Contribution(round=collection, agency=agency))
    db.session.flush()
    return collection


def contributions_of(collection: CollectionRound) -> list[Contribution]:
    stmt = (sa.select(Contribution).join(Agency).where(Contribution.round_id == collection.id)
            .options(selectinload(Contribution.agency)).order_by(Agency.name))
    return list(db.session.scalars(stmt))


def is_late(contribution: Contribution, today: date | None = None) -> bool:
    """Not (re)submitted while the due date has passed."""
    return contribution.status in EDITABLE_CONTRIBUTION and (today or clock.today()) > contribution.round.due_date


def contributions_for_agency(agency_id: int) -> list[Contribution]:
    stmt = (sa.select(Contribution).join(CollectionRound).where(Contribution.agency_id == agency_id)
            .order_by(CollectionRound.year.desc()))
    return list(db.session.scalars(stmt))


# --- filling in ----------------------------------------------------------------------------------

def _check_editable(contribution: Contribution) -> None:
    if contribution.status == ContributionStatus.ACCEPTED:
        raise ContributionError(_l("DOST has accepted this contribution; ask DOST to reopen it to change it."))
    if contribution.status not in EDITABLE_CONTRIBUTION:
        raise ContributionError(_l("This contribution is with DOST; it can be changed once DOST returns it."))


def save_values(contribution: Contribution, entries: dict[int, tuple[int | None, date | None, str]],
                actor: User) -> int:
    """Store (amount, day, narrative) per figure id; audited; returns how many values changed."""
    _check_editable(contribution)
    existing = values_by_figure(contribution)
    changed = 0
    for definition_id, (amount, day, narrative) in entries.items():
        value = existing.get(definition_id)
        if value is None:
            if amount is None and day is None and not narrative:
                continue
            value = ContributionValue(contribution=contribution, definition_id=definition_id, amount=amount, day=day,
                                      narrative=narrative)
            db.session.add(value)
            record_change(value, "create", actor)
            changed += 1
            continue
        before = snapshot(value, VALUE_FIELDS)
        value.amount, value.day, value.narrative = amount, day, narrative
        changed += record_change(value, "update", actor, before) is not None
    return changed


def attach_file(contribution: Contribution, definition_id: int, stored: tuple[str, str, str], actor: User) -> None:
    """Record the file (stored name, content type, original name) kept for one figure; audited."""
    _check_editable(contribution)
    value = values_by_figure(contribution).get(definition_id)
    if value is None:
        value = ContributionValue(contribution=contribution, definition_id=definition_id, narrative="")
        db.session.add(value)
        db.session.flush()
    before = snapshot(value, VALUE_FIELDS)
    value.stored_name, value.content_type, value.file_name = stored
    record_change(value, "update", actor, before)


def _set_status(contribution: Contribution, status: ContributionStatus, actor: User, note: str | None = None) -> None:
    before = snapshot(contribution, STATUS_FIELDS)
    contribution.status = status
    contribution.return_note = note
    record_change(contribution, "update", actor, before)


def submit(contribution: Contribution, actor: User) -> None:
    """Send the figures to DOST; every figure needs its value."""
    _check_editable(contribution)
    values = values_by_figure(contribution)
    missing = [f.label for f in figures_of(contribution.agency)
               if values.get(f.id) is None or (values[f.id].amount is None and values[f.id].day is None)]
    if missing:
        raise ContributionError(_l("Fill in every figure before submitting: %(missing)s.", missing="; ".join(missing)))
    contribution.submitted_at = clock.now()
    _set_status(contribution, ContributionStatus.SUBMITTED, actor)


def accept(contribution: Contribution, actor: User) -> None:
    if contribution.status != ContributionStatus.SUBMITTED:
        raise ContributionError(_l("Only a submitted contribution can be accepted."))
    _set_status(contribution, ContributionStatus.ACCEPTED, actor)


def send_back(contribution: Contribution, note: str, actor: User) -> None:
    """Return a submitted contribution for correction, or reopen an accepted one, with DOST's note."""
    if contribution.status not in (ContributionStatus.SUBMITTED, ContributionStatus.ACCEPTED):
        raise ContributionError(_l("Only a submitted or accepted contribution can be sent back."))
    _set_status(contribution, ContributionStatus.RETURNED, actor, note.strip())


def history(contribution: Contribution) -> list[AuditEntry]:
    """The audit entries of the contribution and of its values, newest first."""
    value_ids = [v.id for v in contribution.values]
    stmt = (sa.select(AuditEntry).where(sa.or_(
        sa.and_(AuditEntry.entity == Contribution.__tablename__, AuditEntry.entity_id == contribution.id),
        sa.and_(AuditEntry.entity == ContributionValue.__tablename__, AuditEntry.entity_id.in_(value_ids))))
        .options(selectinload(AuditEntry.actor)).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    return list(db.session.scalars(stmt))


# --- consolidation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContributedFigure:
    """An accepted figure as the report prints it."""

    section: ReportSection
    label: str
    unit: FigureUnit
    amount: int | None
    day: date | None
    agency: str
    narrative: str


@dataclass(frozen=True)
class Consolidation:
    """What a round brought to the report of its year: accepted figures, and who is missing."""

    year: int
    figures: list[ContributedFigure]
    #: (agency name, status title, late) of every contribution not accepted
    missing: list[tuple[str, str, bool]]


def consolidated(year: int) -> Consolidation | None:
    """The accepted figures of the year's round by section and agency; None without a round."""
    collection = round_of_year(year)
    if collection is None:
        return None
    figures, missing = [], []
    for contribution in contributions_of(collection):
        if contribution.status != ContributionStatus.ACCEPTED:
            missing.append((contribution.agency.name, contribution.status.title, is_late(contribution)))
            continue
        values = values_by_figure(contribution)
        for definition in figures_of(contribution.agency):
            value = values.get(definition.id)
            if value is not None:
                figures.append(ContributedFigure(definition.section, definition.label, definition.unit, value.amount,
                                                 value.day, contribution.agency.name, value.narrative))
    figures.sort(key=lambda f: list(ReportSection).index(f.section))
    return Consolidation(year, figures, missing)


# --- agencies (kept by an admin) -----------------------------------------------------------------

AGENCY_FIELDS = ("code", "name", "contact_name", "contact_email", "contact_phone", "active")


def agencies() -> list[Agency]:
    return list(db.session.scalars(sa.select(Agency).order_by(Agency.name)))


def save_agency(agency: Agency | None, values: dict, actor: User) -> Agency:
    """Create (agency None) or update an agency; audited. ContributionError if the code is taken."""
    taken = db.session.scalar(sa.select(Agency.id).where(Agency.code == values["code"]))
    if taken is not None and (agency is None or taken != agency.id):
        raise ContributionError(_l("Another agency already has this code."))
    if agency is None:
        agency = Agency(**{name: values[name] or None for name in AGENCY_FIELDS if name != "active"},
                        active=values["active"])
        db.session.add(agency)
        record_change(agency, "create", actor)
        return agency
    before = snapshot(agency, AGENCY_FIELDS)
    for name in AGENCY_FIELDS:
        setattr(agency, name, values[name] if name == "active" else values[name] or None)
    record_change(agency, "update", actor, before)
    return agency


def agency_users(agency: Agency) -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.agency_id == agency.id).order_by(User.full_name)))
