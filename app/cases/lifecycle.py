"""Recording what the IP office did with a filed case: details checked, then one workflow step.

Application and certificate numbers follow the IP office's formats (domain notes §3.7):
marks `4-YYYY-NNNNN` and `4-NNNNNNN-000`, GIs a 5-digit certificate (their application
prefix is UNCONFIRMED, so any `N-YYYY-NNNNN` is accepted for a GI).
"""
from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import clock, locking
from app.cases import workflow
from app.extensions import db
from app.models import Case, CaseEvent, CaseKind, FilingChannel, User

MARK_APPLICATION_RE = re.compile(r"^4-(\d{4})-\d{5}$")
GI_APPLICATION_RE = re.compile(r"^\d-(\d{4})-\d{5}$")
MARK_CERTIFICATE_RE = re.compile(r"^4-\d{7}-\d{3}$")
GI_CERTIFICATE_RE = re.compile(r"^\d{5}$")


class EventRejected(Exception):
    """The event's details do not fit: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class StaleCase(Exception):
    """Someone changed the case after the form was opened."""


def _last_event_date(case: Case) -> date | None:
    """The date of the latest thing the IP office did (review steps before filing do not count)."""
    office_events = {t.name for t in workflow.TRANSITIONS if t.fields}
    dates = [e.event_date for e in case.events if e.event_date and e.transition in office_events]
    return max(dates) if dates else None


def check_details(case: Case, name: str, details: dict) -> dict[str, str]:
    """Field errors for recording transition `name` with `details` (empty if all fit)."""
    t = workflow.BY_NAME[name]
    errors: dict[str, str] = {}
    event_date: date | None = details.get("event_date")
    if "event_date" in t.fields:
        if event_date is None:
            errors["event_date"] = _l("Give the date shown on the office's document.")
        elif event_date > clock.today():
            errors["event_date"] = _l("This date is in the future.")
        elif name != "file" and case.filing_date and event_date < case.filing_date:
            errors["event_date"] = _l("This date is before the filing date.")
        elif name != "file" and (last := _last_event_date(case)) and event_date < last and case.filing_date:
            errors["event_date"] = _l("This date is before the case's last recorded event.")
    if "application_number" in t.fields:
        number = (details.get("application_number") or "").strip()
        pattern = GI_APPLICATION_RE if case.kind == CaseKind.GI else MARK_APPLICATION_RE
        match = pattern.match(number)
        if not match:
            errors["application_number"] = _l("An application number looks like 4-2026-01234.")
        elif event_date and int(match.group(1)) != event_date.year:
            errors["application_number"] = _l("The year in the number must be the filing year.")
        elif db.session.scalar(sa.select(Case.id).where(Case.application_number == number, Case.id != case.id)):
            errors["application_number"] = _l("Another case already has this application number.")
    if "filing_channel" in t.fields and details.get("filing_channel") not in {c.value for c in FilingChannel}:
        errors["filing_channel"] = _l("Choose online or paper.")
    if "certificate_number" in t.fields:
        number = (details.get("certificate_number") or "").strip()
        pattern = GI_CERTIFICATE_RE if case.kind == CaseKind.GI else MARK_CERTIFICATE_RE
        if not pattern.match(number):
            errors["certificate_number"] = (_l("A GI certificate number has 5 digits, e.g. 00101.") if case.kind == CaseKind.GI
                                            else _l("A certificate number looks like 4-0405854-000."))
        elif db.session.scalar(sa.select(Case.id).where(Case.certificate_number == number, Case.id != case.id)):
            errors["certificate_number"] = _l("Another case already has this certificate number.")
    if "gazette_issue" in t.fields and len(details.get("gazette_issue") or "") > 40:
        errors["gazette_issue"] = _l("At most %(max)d characters.", max=40)
    return errors


#: how each detail of an office event is kept on the case (its date goes to the transition's date column)
CASE_DETAIL_COLUMNS = {
    "application_number": lambda value: value.strip(),
    "filing_channel": FilingChannel,
    "gazette_issue": lambda value: (value or "").strip() or None,
    "certificate_number": lambda value: value.strip(),
}


def _claim(case: Case, seen_version: int) -> None:
    """Claim the case's version (app/locking.py); the workflow's own `version += 1` then writes
    the same value again."""
    try:
        locking.claim(case, seen_version)
    except locking.StaleVersion as stale:
        raise StaleCase() from stale


def record_event(case: Case, name: str, actor: User, details: dict, *, note: str | None = None,
                 seen_version: int | None = None, attachment=None) -> CaseEvent:
    """Check the details, update the case's record and move it through the workflow; flushes."""
    if seen_version is not None:
        _claim(case, seen_version)
    if name not in workflow.BY_NAME:
        raise workflow.TransitionNotAllowed(name)
    errors = check_details(case, name, details)
    if errors:
        raise EventRejected(errors)
    for field_name in workflow.BY_NAME[name].fields:
        if field_name in CASE_DETAIL_COLUMNS:
            setattr(case, field_name, CASE_DETAIL_COLUMNS[field_name](details.get(field_name)))
    recorded = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items() if v not in (None, "")}
    return workflow.transition(case, name, actor, note, event_date=details.get("event_date"), details=recorded,
                               attachment=attachment)
