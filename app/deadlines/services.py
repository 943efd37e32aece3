"""Deadlines computed from events by the rules in force for the case's filing date.

Verbs flush, never commit. Every rule, period and legal basis comes from the
deadline_rules table; this module only applies them (see calendar.py for counting).
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import contains_eager, joinedload

from app import clock, pagination
from app.deadlines.calendar import add_months, next_working_day, period_end
from app.extensions import db
from app.i18n import count_days, count_months, format_date_vn
from app.models import (
    Case,
    CaseEvent,
    Deadline,
    DeadlineRule,
    DeadlineState,
    Holiday,
    Party,
    Role,
    User,
    ValidityPeriod,
)
from app.models.case import CLOSED
from app.security import scope_to_user


def holidays() -> set[date]:
    return set(db.session.scalars(sa.select(Holiday.day)))


#: the conditions a rule may name in DeadlineRule.applies_when
RULE_CONDITIONS = {
    # priority documents are owed only by an application that claims priority
    "claims_priority": lambda case: case.priority_claims > 0,
}


def rules_for(case: Case, trigger: str | None = None) -> list[DeadlineRule]:
    """Active rules for the case's kind and filing date (today's rules before filing), and whose
    condition, if any, holds for the case."""
    filed = case.filing_date or clock.today()
    stmt = sa.select(DeadlineRule).where(
        DeadlineRule.active.is_(True),
        sa.or_(DeadlineRule.filed_from.is_(None), DeadlineRule.filed_from <= filed),
        sa.or_(DeadlineRule.filed_to.is_(None), DeadlineRule.filed_to >= filed),
    )
    if trigger is not None:
        stmt = stmt.where(DeadlineRule.trigger == trigger)
    return [rule for rule in db.session.scalars(stmt.order_by(DeadlineRule.id))
            if case.kind.value in rule.kinds() and (rule.applies_when is None or RULE_CONDITIONS[rule.applies_when](case))]


def validity_period(code: str) -> ValidityPeriod | None:
    """A right's or certificate's term as kept in the validity_periods table (e.g. "mark_term")."""
    return db.session.scalar(sa.select(ValidityPeriod).where(ValidityPeriod.code == code))


def mark_expiry(filing_date: date, terms: int = 1) -> date | None:
    """A mark's certificate expires 10 years from filing, and each renewal adds 10 years (the period is
    data: ValidityPeriod 'mark_term')."""
    period = validity_period("mark_term")
    return add_months(filing_date, period.months * terms) if period else None


def late_renewal_end(expiry: date) -> date:
    """The last day a mark may still be renewed after its expiry, with a surcharge (ValidityPeriod
    "mark_late_renewal"; without that row, no late period at all)."""
    period = validity_period("mark_late_renewal")
    return add_months(expiry, period.months) if period else expiry


def _due(rule: DeadlineRule, start: date, extensions: int, off_days: set[date]) -> tuple[date, date]:
    """(calendar end, due date) for a rule counted from `start`, with `extensions` granted.

    An extension "by the same period" runs from the end of the original period (UNCONFIRMED for
    IP notices: explain() shows the rule used so a consultant can check the date).
    """
    nominal = period_end(start, rule.months, rule.days, rule.before)
    if extensions:
        nominal = add_months(nominal, rule.extension_months * extensions)
    return nominal, next_working_day(nominal, off_days)


def explain(deadline: Deadline) -> str:
    """How the date was computed, in the user's language, so a consultant can check it."""
    rule = deadline.rule
    parts = []
    if rule.months or rule.days:
        amount = count_months(rule.months) if rule.months else count_days(rule.days)
        if rule.before:
            parts.append(_("%(amount)s before %(start)s", amount=amount, start=format_date_vn(deadline.trigger_date)))
        else:
            parts.append(_("%(amount)s after %(start)s", amount=amount, start=format_date_vn(deadline.trigger_date)))
    else:
        parts.append(format_date_vn(deadline.trigger_date))
    if deadline.extensions:
        parts.append(ngettext("extended %(num)d time by %(months)s from the end of the original period",
                              "extended %(num)d times by %(months)s from the end of the original period",
                              deadline.extensions, months=count_months(rule.extension_months)))
    if deadline.due_date != deadline.nominal_due:
        parts.append(_("%(nominal)s is not a working day: moved to %(due)s",
                       nominal=format_date_vn(deadline.nominal_due), due=format_date_vn(deadline.due_date)))
    parts.append(rule.legal_basis)
    return "; ".join(parts)


def _start_date(rule: DeadlineRule, case: Case, event: CaseEvent) -> date | None:
    return case.expiry_date if rule.from_expiry else event.event_date


def open_for_event(case: Case, event: CaseEvent) -> list[Deadline]:
    """Deadlines the event starts (e.g. a formality notice starts the 2-month answer period)."""
    created = []
    off_days = holidays()
    for rule in rules_for(case, event.transition):
        start = _start_date(rule, case, event)
        if start is None:
            continue
        nominal, due = _due(rule, start, 0, off_days)
        deadline = Deadline(case=case, rule=rule, trigger_event=event, trigger_date=start, nominal_due=nominal,
                            due_date=due)
        db.session.add(deadline)
        created.append(deadline)
    db.session.flush()
    return created


def _settle(deadline: Deadline, event: CaseEvent) -> None:
    """`event` answers the deadline: met, or missed if it came late (a date to know is simply past)."""
    on_time = deadline.rule.informational or event.event_date <= deadline.due_date
    deadline.state = DeadlineState.MET if on_time else DeadlineState.MISSED
    deadline.closed_on = event.event_date


def close_for_event(case: Case, event: CaseEvent) -> None:
    """Open deadlines that this event answers are met (or missed, if it came late)."""
    for deadline in case.deadlines:
        if deadline.state == DeadlineState.OPEN and event.transition in deadline.rule.closers():
            _settle(deadline, event)
    db.session.flush()


def cancel_open(case: Case) -> None:
    """The case is closed (withdrawn, refused…): nothing is due any more."""
    for deadline in case.deadlines:
        if deadline.state == DeadlineState.OPEN:
            deadline.state = DeadlineState.CANCELLED
    db.session.flush()


class CannotExtend(Exception):
    """The rule allows no (further) extension."""


def recount(deadline: Deadline, off_days: set[date] | None = None) -> None:
    """Set the deadline's dates again from its rule, start date and extensions (e.g. after the rule,
    the holidays or the start date changed). Does not flush."""
    deadline.nominal_due, deadline.due_date = _due(
        deadline.rule, deadline.trigger_date, deadline.extensions, holidays() if off_days is None else off_days)


def extend(deadline: Deadline) -> None:
    """Extend an applicant's deadline once more, as far as its rule allows."""
    rule = deadline.rule
    if deadline.state != DeadlineState.OPEN or deadline.extensions >= rule.extendable_times:
        raise CannotExtend()
    deadline.extensions += 1
    recount(deadline)
    db.session.flush()


def recompute(case: Case) -> None:
    """Count every deadline of the case again from its events, under the rules in force for its
    filing date as it stands now (a corrected filing date may move the case to the other legal
    regime): deadlines whose rule no longer applies go, the new regime's are opened, and each is
    met, missed, cancelled or open again as its events say. Extensions granted are kept."""
    off_days = holidays()
    events = sorted(case.events, key=lambda e: e.id)
    existing = {(d.rule_id, d.trigger_event_id): d for d in case.deadlines if d.trigger_event_id is not None}
    for event in events:
        if event.event_date is None:
            continue
        for rule in rules_for(case, event.transition):
            start = _start_date(rule, case, event)
            if start is None:
                continue
            deadline = existing.pop((rule.id, event.id), None)
            if deadline is None:
                deadline = Deadline(case=case, rule=rule, trigger_event=event, extensions=0)
                db.session.add(deadline)
            deadline.trigger_date = start
            recount(deadline, off_days)
            _replay(deadline, [e for e in events if e.id > event.id])
    for stale in existing.values():
        case.deadlines.remove(stale)  # delete-orphan: the row and its reminders go
    db.session.flush()


def _replay(deadline: Deadline, later: list[CaseEvent]) -> None:
    """Settle a deadline by the events after its trigger, as the workflow did when they happened."""
    deadline.state, deadline.closed_on = DeadlineState.OPEN, None
    for event in later:
        if event.event_date and event.transition in deadline.rule.closers():
            _settle(deadline, event)
            return
        if event.to_status in CLOSED and event.from_status != event.to_status:
            deadline.state = DeadlineState.CANCELLED
            return


#: the groups of the deadline list, in the order shown
GROUPS = ("overdue", "week", "month", "later", "office", "to_know")


def _rules_where(*conditions) -> sa.ColumnElement[bool]:
    """The deadline's rule is one of those matching `conditions`: an IN over the small rule table, so
    the deadlines are filtered on their own index (state, rule, date) without joining the rules."""
    return Deadline.rule_id.in_(sa.select(DeadlineRule.id).where(*conditions))


def group_clause(key: str, today: date):
    """Which open deadlines a group holds: what the applicant (with DOST) must do, by urgency; the IP
    office's expected dates apart (no one here can miss them); and dates to know (a window opens),
    while they are still ahead."""
    to_do = _rules_where(DeadlineRule.informational.is_(False), DeadlineRule.party == Party.APPLICANT)
    week, month = today + timedelta(days=7), today + timedelta(days=30)
    return {
        "overdue": sa.and_(to_do, Deadline.due_date < today),
        "week": sa.and_(to_do, Deadline.due_date.between(today, week)),
        "month": sa.and_(to_do, Deadline.due_date > week, Deadline.due_date <= month),
        "later": sa.and_(to_do, Deadline.due_date > month),
        "office": _rules_where(DeadlineRule.informational.is_(False), DeadlineRule.party == Party.OFFICE),
        "to_know": sa.and_(_rules_where(DeadlineRule.informational.is_(True)), Deadline.due_date >= today),
    }[key]


def _visible_open(user: User, mine: bool = False) -> list:
    """The conditions for open deadlines of the cases the user may see (producers: their own, and only
    what they must do themselves; `mine`: the cases the consultant is in charge of)."""
    conditions = [Deadline.state == DeadlineState.OPEN]
    if user.role == Role.PRODUCER:
        conditions += [Deadline.case_id.in_(scope_to_user(sa.select(Case.id), Case, user)),
                       _rules_where(DeadlineRule.party == Party.APPLICANT)]
    if mine:
        # `case_id + 0`: not the case_id index (a seek per case of the consultant, then the table),
        # but a scan of the (state, ...) index that holds case_id too, probing the consultant's cases
        conditions.append((Deadline.case_id + 0).in_(sa.select(Case.id).where(Case.consultant_id == user.id)))
    return conditions


def visible_open_query(user: User, mine: bool = False) -> sa.Select:
    """Those deadlines soonest first, with their case, organization and rule loaded in the same query."""
    return (sa.select(Deadline).join(Deadline.rule).where(*_visible_open(user, mine))
            .options(contains_eager(Deadline.rule), joinedload(Deadline.case).joinedload(Case.organization))
            .order_by(Deadline.due_date, Deadline.id))


def group_pages(user: User, today: date, keys=GROUPS, *, per_page: int = pagination.PAGE_SIZE,
                mine: bool = False, pages: dict[str, int] | None = None) -> dict[str, pagination.Page]:
    """One page of each group (the first, unless `pages` names another): the groups counted in one
    query, then one query per group, whatever the number of deadlines.

    Each group is counted by its own scalar subquery, a range of the index (state, rule_id, due_date)
    counted without reading the table; a single GROUP BY over a CASE read every open deadline and its
    rule (30-40 ms at 50,000). The rows come in (state, due_date, id) order from the index that also
    holds rule_id, so a sparse group is found without reading the table either."""
    visible = _visible_open(user, mine)
    counts = db.session.execute(sa.select(*[
        sa.select(sa.func.count()).select_from(Deadline).where(*visible, group_clause(key, today)).scalar_subquery()
        for key in keys])).one()
    stmt, pages = visible_open_query(user, mine), pages or {}
    return {key: pagination.page_of(stmt.where(group_clause(key, today)), count or 0, pages.get(key), per_page)
            for key, count in zip(keys, counts)}


def visible_open_deadlines(user: User, until: date | None = None) -> list[Deadline]:
    """All open deadlines the user may see (the calendar feed), soonest first."""
    stmt = visible_open_query(user)
    if until is not None:
        stmt = stmt.where(Deadline.due_date <= until)
    return list(db.session.scalars(stmt))
