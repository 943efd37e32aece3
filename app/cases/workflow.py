"""The case workflow: transitions as data, role-gated, each appending a CaseEvent.

Every status change in the app goes through ``transition()``. Later stages
(filing, office notices, grant) are added here as more rows of TRANSITIONS.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask_babel import lazy_gettext as _l

from app import clock
from app.extensions import db
from app.models import Case, CaseEvent, CaseStatus, Role, User
from app.models.case import CLOSED, PENDING_AT_OFFICE
from app.security import owns

S = CaseStatus
#: statuses in which the applicant may still give up before filing
PRE_FILING = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED})
DOST = frozenset({Role.CONSULTANT})


@dataclass(frozen=True)
class Transition:
    """A named move from any of `sources` to `target`, for the given roles."""

    name: str
    sources: frozenset[CaseStatus]
    target: CaseStatus | None
    roles: frozenset[Role]
    title: object  # a lazy translated string
    #: producers may fire it only on their own organization's cases
    owner_only: bool = True
    #: a note is required (e.g. what to change)
    needs_note: bool = False
    #: details to record with it (see app/cases/lifecycle.py): "event_date", "application_number", …
    fields: tuple[str, ...] = ()
    #: an extra condition on the case, e.g. the legal regime of its filing date
    condition: Callable[[Case], bool] | None = field(default=None, compare=False)
    #: an event that changes no status (an opposition, a deadline extension)
    keeps_status: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED,
               frozenset({Role.PRODUCER, Role.CONSULTANT}), _l("Submit for review")),
    Transition("request_changes", frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED,
               frozenset({Role.CONSULTANT}), _l("Ask for changes"), needs_note=True),
    Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED,
               frozenset({Role.CONSULTANT}), _l("Approve: ready to file")),
    Transition("reopen", frozenset({S.APPROVED}), S.CHANGES_REQUESTED,
               frozenset({Role.CONSULTANT}), _l("Reopen for changes"), needs_note=True),
    Transition("withdraw", PRE_FILING, S.WITHDRAWN,
               frozenset({Role.PRODUCER, Role.CONSULTANT}), _l("Withdraw"), needs_note=True),
    # --- after filing: recorded by DOST from the IP office's letters ---------------------------
    Transition("file", frozenset({S.APPROVED}), S.FILED, DOST, _l("Record the filing"),
               fields=("application_number", "event_date", "filing_channel")),
    Transition("formality_notice", frozenset({S.FILED, S.FORMALITY_ANSWERED}), S.FORMALITY_NOTICE, DOST,
               _l("Record a formality notice"), fields=("event_date",)),
    Transition("answer_formality", frozenset({S.FORMALITY_NOTICE}), S.FORMALITY_ANSWERED, DOST,
               _l("Record the answer to the formality notice"), fields=("event_date",)),
    Transition("accept_formality", frozenset({S.FILED, S.FORMALITY_ANSWERED}), S.FORMALITY_ACCEPTED, DOST,
               _l("Record the decision accepting the application"), fields=("event_date",),
               condition=lambda case: acceptance_decision_applies(case)),
    Transition("publish", frozenset({S.FILED, S.FORMALITY_ANSWERED, S.FORMALITY_ACCEPTED}), S.PUBLISHED, DOST,
               _l("Record the publication"), fields=("event_date", "gazette_issue"),
               condition=lambda case: case.status == S.FORMALITY_ACCEPTED or not acceptance_decision_applies(case)),
    Transition("start_substantive", frozenset({S.PUBLISHED}), S.SUBSTANTIVE_EXAMINATION, DOST,
               _l("Substantive examination started"), fields=("event_date",)),
    Transition("opposition", PENDING_AT_OFFICE, None, DOST, _l("Record a third-party opposition"),
               needs_note=True, fields=("event_date",), keeps_status=True),
    Transition("refusal_notice", frozenset({S.PUBLISHED, S.SUBSTANTIVE_EXAMINATION, S.REFUSAL_ANSWERED}),
               S.REFUSAL_NOTICE, DOST, _l("Record a notice of intended refusal"), fields=("event_date",)),
    Transition("answer_refusal", frozenset({S.REFUSAL_NOTICE}), S.REFUSAL_ANSWERED, DOST,
               _l("Record the answer to the intended refusal"), fields=("event_date",)),
    Transition("intend_grant", frozenset({S.PUBLISHED, S.SUBSTANTIVE_EXAMINATION, S.REFUSAL_ANSWERED}),
               S.GRANT_INTENDED, DOST, _l("Record the notice of intention to grant"), fields=("event_date",)),
    Transition("pay_grant_fees", frozenset({S.GRANT_INTENDED}), S.GRANT_FEES_PAID, DOST,
               _l("Record payment of the grant fees"), fields=("event_date",)),
    Transition("grant", frozenset({S.GRANT_FEES_PAID}), S.GRANTED, DOST, _l("Record the grant"),
               fields=("event_date", "certificate_number")),
    Transition("refuse", frozenset({S.REFUSAL_NOTICE, S.REFUSAL_ANSWERED}), S.REFUSED, DOST,
               _l("Record the final refusal"), fields=("event_date",)),
    Transition("withdraw_filed", PENDING_AT_OFFICE, S.WITHDRAWN, DOST, _l("Record the withdrawal"),
               needs_note=True, fields=("event_date",)),
    Transition("abandon", PENDING_AT_OFFICE, S.ABANDONED, DOST, _l("Mark as abandoned"),
               needs_note=True, fields=("event_date",)),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


class TransitionNotAllowed(Exception):
    """Raised when a transition does not apply to the case's status or the actor's role."""


class NoteRequired(Exception):
    """Raised when a transition that needs an explanation gets none."""


def acceptance_decision_applies(case: Case) -> bool:
    """Before 1 Apr 2026 the office decided to accept an application before publishing it; Law
    131/2025 abolished that decision. Which applies is data: whether a deadline rule triggered by
    that decision is in force for the case's filing date."""
    from app.deadlines.services import rules_for

    return bool(rules_for(case, "accept_formality"))


def _allowed(t: Transition, case: Case, user: User) -> bool:
    if case.status not in t.sources or user.role not in t.roles:
        return False
    if t.condition is not None and not t.condition(case):
        return False
    if user.role == Role.PRODUCER and t.owner_only:
        return owns(user, case)
    return True


def available_transitions(case: Case, user: User) -> list[Transition]:
    """The moves this user may make now: drives the buttons on the case page."""
    return [t for t in TRANSITIONS if _allowed(t, case, user)]


def record_creation(case: Case, actor: User | None, note: str | None = None) -> CaseEvent:
    """The first history row of a new case."""
    event = CaseEvent(case=case, transition="create", from_status=None, to_status=case.status, actor=actor, note=note)
    db.session.add(event)
    db.session.flush()
    return event


def transition(case: Case, name: str, actor: User, note: str | None = None, *,
               event_date: date | None = None, details: dict | None = None, attachment=None) -> CaseEvent:
    """Move the case and append its history row, then open and close deadlines; flushes, never commits."""
    from app.deadlines import services as deadlines

    t = BY_NAME.get(name)
    if t is None or not _allowed(t, case, actor):
        raise TransitionNotAllowed(name)
    note = (note or "").strip() or None
    if t.needs_note and not note:
        raise NoteRequired(name)
    target = case.status if t.keeps_status else t.target
    event = CaseEvent(case=case, transition=t.name, from_status=case.status, to_status=target, actor=actor,
                      note=note, event_date=event_date or clock.today(), details=details or {},
                      attachment=attachment)
    case.status = target
    case.version += 1
    db.session.add(event)
    db.session.flush()
    deadlines.close_for_event(case, event)
    if target in CLOSED:
        deadlines.cancel_open(case)
    deadlines.open_for_event(case, event)
    return event
