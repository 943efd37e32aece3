"""The case workflow: transitions as data, role-gated, each appending a CaseEvent.

Every change to a case's history goes through this module: ``transition()`` for status changes
(and the events that keep the status, such as an opposition), and the status-keeping operations
``assign()``, ``extend_deadline()`` and ``correct_event_date()``. Named groups of statuses live
with the status enum (app/models/case.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import clock, verification
from app.deadlines import services as deadlines
from app.extensions import db
from app.fees import services as fee_services
from app.i18n import format_date_vn, format_vnd
from app.models import Case, CaseEvent, CaseKind, CaseStatus, Deadline, NotificationKind, Role, User
from app.models.case import CLOSED, IN_PREPARATION, PENDING_AT_OFFICE
from app.notifications import services as notifications
from app.security import owns

#: the fee-schedule code charged each time the office grants an extension of a time limit
EXTENSION_FEE_CODE = "extension"

logger = logging.getLogger(__name__)
S = CaseStatus
N = NotificationKind
DOST = frozenset({Role.CONSULTANT})
ANY_STATUS = frozenset(CaseStatus)


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
    #: the case's date column that takes the event's date (and follows a correction of it)
    date_column: str | None = None
    #: words added to the status in the history, for an event that keeps the status
    history_label: object = None
    #: whether the event has a legal date (an assignment is an office-internal fact: it has none)
    dated: bool = True
    #: the event adds one term to the certificate (its expiry is recounted from the history)
    renews_term: bool = False
    #: what the producer is told (in the app, and by e-mail if it wants that kind); None: nothing
    notifies: NotificationKind | None = None
    #: why the move is refused for this case although offered (the reason, or None): unlike
    #: `condition`, the button stays, and both sides are told what must happen first
    refused_when: Callable[[Case], object] | None = field(default=None, compare=False)


def _organization_unverified(case: Case):
    """An organization nobody has verified yet may prepare and submit; DOST approves only a verified one."""
    if case.organization.verified:
        return None
    return _l("%(organization)s has not been verified yet: DOST can approve the application only once the "
              "organization is verified (office or DOST staff check it on its page).",
              organization=case.organization.name)


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED,
               frozenset({Role.PRODUCER, Role.CONSULTANT}), _l("Submit for review")),
    Transition("request_changes", frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED,
               frozenset({Role.CONSULTANT}), _l("Ask for changes"), needs_note=True, notifies=N.CHANGES_REQUESTED),
    Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED,
               frozenset({Role.CONSULTANT}), _l("Approve: ready to file"), notifies=N.APPROVED,
               refused_when=_organization_unverified),
    Transition("reopen", frozenset({S.APPROVED}), S.CHANGES_REQUESTED,
               frozenset({Role.CONSULTANT}), _l("Reopen for changes"), needs_note=True, notifies=N.CHANGES_REQUESTED),
    Transition("withdraw", IN_PREPARATION, S.WITHDRAWN,
               frozenset({Role.PRODUCER, Role.CONSULTANT}), _l("Withdraw"), needs_note=True),
    # --- after filing: recorded by DOST from the IP office's letters ---------------------------
    Transition("file", frozenset({S.APPROVED}), S.FILED, DOST, _l("Record the filing"),
               fields=("application_number", "event_date", "filing_channel"), date_column="filing_date",
               notifies=N.FILED),
    Transition("formality_notice", frozenset({S.FILED, S.FORMALITY_ANSWERED}), S.FORMALITY_NOTICE, DOST,
               _l("Record a formality notice"), fields=("event_date",), notifies=N.OFFICE_NOTICE),
    Transition("answer_formality", frozenset({S.FORMALITY_NOTICE}), S.FORMALITY_ANSWERED, DOST,
               _l("Record the answer to the formality notice"), fields=("event_date",)),
    Transition("accept_formality", frozenset({S.FILED, S.FORMALITY_ANSWERED}), S.FORMALITY_ACCEPTED, DOST,
               _l("Record the decision accepting the application"), fields=("event_date",),
               condition=lambda case: acceptance_decision_applies(case)),
    Transition("publish", frozenset({S.FILED, S.FORMALITY_ANSWERED, S.FORMALITY_ACCEPTED}), S.PUBLISHED, DOST,
               _l("Record the publication"), fields=("event_date", "gazette_issue"), date_column="publication_date",
               condition=lambda case: case.status == S.FORMALITY_ACCEPTED or not acceptance_decision_applies(case)),
    Transition("start_substantive", frozenset({S.PUBLISHED}), S.SUBSTANTIVE_EXAMINATION, DOST,
               _l("Substantive examination started"), fields=("event_date",)),
    Transition("opposition", PENDING_AT_OFFICE, None, DOST, _l("Record a third-party opposition"),
               needs_note=True, fields=("event_date",), keeps_status=True, history_label=_l("third-party opposition")),
    Transition("priority_documents", PENDING_AT_OFFICE, None, DOST, _l("Record the priority documents submitted"),
               fields=("event_date",), keeps_status=True, history_label=_l("priority documents submitted"),
               condition=lambda case: case.priority_claims > 0),
    Transition("refusal_notice", frozenset({S.PUBLISHED, S.SUBSTANTIVE_EXAMINATION, S.REFUSAL_ANSWERED}),
               S.REFUSAL_NOTICE, DOST, _l("Record a notice of intended refusal"), fields=("event_date",),
               notifies=N.OFFICE_NOTICE),
    Transition("answer_refusal", frozenset({S.REFUSAL_NOTICE}), S.REFUSAL_ANSWERED, DOST,
               _l("Record the answer to the intended refusal"), fields=("event_date",)),
    Transition("intend_grant", frozenset({S.PUBLISHED, S.SUBSTANTIVE_EXAMINATION, S.REFUSAL_ANSWERED}),
               S.GRANT_INTENDED, DOST, _l("Record the notice of intention to grant"), fields=("event_date",),
               notifies=N.OFFICE_NOTICE),  # the grant fees must be paid
    Transition("pay_grant_fees", frozenset({S.GRANT_INTENDED}), S.GRANT_FEES_PAID, DOST,
               _l("Record payment of the grant fees"), fields=("event_date",)),
    Transition("grant", frozenset({S.GRANT_FEES_PAID}), S.GRANTED, DOST, _l("Record the grant"),
               fields=("event_date", "certificate_number"), date_column="grant_date", notifies=N.GRANTED),
    Transition("refuse", frozenset({S.REFUSAL_NOTICE, S.REFUSAL_ANSWERED}), S.REFUSED, DOST,
               _l("Record the final refusal"), fields=("event_date",), notifies=N.REFUSED),
    Transition("withdraw_filed", PENDING_AT_OFFICE, S.WITHDRAWN, DOST, _l("Record the withdrawal"),
               needs_note=True, fields=("event_date",)),
    Transition("abandon", PENDING_AT_OFFICE, S.ABANDONED, DOST, _l("Mark as abandoned"),
               needs_note=True, fields=("event_date",)),
    # --- after grant: the title's life (a GI has no term, so no renewal) -----------------------
    Transition("renew", frozenset({S.GRANTED}), None, DOST, _l("Record the renewal of the certificate"),
               fields=("event_date",), keeps_status=True, history_label=_l("renewed for a new term"),
               renews_term=True,
               condition=lambda case: case.kind != CaseKind.GI and case.expiry_date is not None),
    Transition("refuse_renewal", frozenset({S.GRANTED}), S.TERMINATED, DOST, _l("Record the refusal to renew"),
               fields=("event_date",), condition=lambda case: case.kind != CaseKind.GI),
    Transition("surrender", frozenset({S.GRANTED}), S.TERMINATED, DOST,
               _l("Record the owner's surrender of the certificate"), needs_note=True, fields=("event_date",)),
    Transition("invalidate", frozenset({S.GRANTED}), S.INVALIDATED, DOST,
               _l("Record the invalidation of the certificate"), needs_note=True, fields=("event_date",)),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
RENEWALS = frozenset(t.name for t in TRANSITIONS if t.renews_term)

#: status-keeping operations with their own verbs below (and their own forms on the case page)
ASSIGN = Transition("assign", ANY_STATUS, None, frozenset({Role.CONSULTANT, Role.ADMIN}), _l("Assign"),
                    keeps_status=True, history_label=_l("assigned"), dated=False)
EXTEND = Transition("extend", ANY_STATUS, None, DOST, _l("Extend the deadline"), keeps_status=True,
                    history_label=_l("deadline extended"))
OPERATIONS = {op.name: op for op in (ASSIGN, EXTEND)}


class TransitionNotAllowed(Exception):
    """Raised when a transition does not apply to the case's status or the actor's role."""


class TransitionRefused(Exception):
    """The move is open to the actor, but the case does not meet what it needs yet (`reason` says what)."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def refusals(case: Case) -> list:
    """Why moves offered for the case's status would be refused now (shown on the case page to everyone)."""
    return [reason for t in TRANSITIONS if case.status in t.sources and t.refused_when is not None
            for reason in [t.refused_when(case)] if reason]


class NoteRequired(Exception):
    """Raised when a transition that needs an explanation gets none."""


def acceptance_decision_applies(case: Case) -> bool:
    """Before 1 Apr 2026 the office decided to accept an application before publishing it; Law
    131/2025 abolished that decision. Which applies is data: whether a deadline rule triggered by
    that decision is in force for the case's filing date."""
    return bool(deadlines.rules_for(case, "accept_formality"))


def _allowed(t: Transition, case: Case, user: User) -> bool:
    if case.status not in t.sources or user.role not in t.roles:
        return False
    if t.condition is not None and not t.condition(case):
        return False
    if user.role == Role.PRODUCER and t.owner_only:
        return owns(user, case)
    return True


def available_transitions(case: Case, user: User) -> list[Transition]:
    """The moves this user may make now (the case page offers them)."""
    return [t for t in TRANSITIONS if _allowed(t, case, user)]


def review_buttons(case: Case, user: User) -> list[Transition]:
    """The moves offered as plain buttons: not submitting (the wizard checks every step first) and
    not the office's events (their form asks for dates and numbers)."""
    return [t for t in available_transitions(case, user) if t.name != "submit" and not t.fields]


def history_label(event: CaseEvent):
    """What an event that kept the status was (e.g. "assigned"), for the history; None otherwise."""
    t = BY_NAME.get(event.transition) or OPERATIONS.get(event.transition)
    return t.history_label if t is not None else None


def correctable(event: CaseEvent) -> bool:
    """Only the dates of what the IP office did can be corrected (they start the deadlines)."""
    t = BY_NAME.get(event.transition)
    return bool(t is not None and t.fields and event.event_date and event.details)


def record_creation(case: Case, actor: User | None, note: str | None = None) -> CaseEvent:
    """The first history row of a new case; a consultant who starts it takes charge of it."""
    event = CaseEvent(case=case, transition="create", from_status=None, to_status=case.status, actor=actor, note=note)
    db.session.add(event)
    db.session.flush()
    _take_charge(case, actor)
    return event


def _take_charge(case: Case, actor: User | None) -> None:
    """A case always has someone in charge: the consultant who starts, accepts or approves it, unless
    one already is (an admin or a consultant reassigns it with ``assign``)."""
    if actor is not None and actor.role == Role.CONSULTANT and case.consultant is None:
        assign(case, actor, actor)


@dataclass(frozen=True)
class PastEvent:
    """A step of a case's history that happened before the case was entered in the app."""

    transition: str
    from_status: CaseStatus | None
    to_status: CaseStatus
    day: date


def load_past_history(case: Case, events: list[PastEvent], actor: User | None, note: str,
                      recorded_at: Callable[[date], object]) -> None:
    """Bulk-load the history of a case decided in earlier years (as kept on paper), as given:
    such steps are not checked against the transitions, and they open no deadline. Flushes."""
    for past in events:
        db.session.add(CaseEvent(case=case, transition=past.transition, from_status=past.from_status,
                                 to_status=past.to_status, actor=actor, event_date=past.day,
                                 created_at=recorded_at(past.day), note=note))
    db.session.flush()


def transition(case: Case, name: str, actor: User, note: str | None = None, *,
               event_date: date | None = None, details: dict | None = None, attachment=None) -> CaseEvent:
    """Move the case and append its history row, then open and close deadlines; flushes, never commits."""
    t = BY_NAME.get(name)
    if t is None or not _allowed(t, case, actor):
        raise TransitionNotAllowed(name)
    note = (note or "").strip() or None
    if t.needs_note and not note:
        raise NoteRequired(name)
    if t.refused_when is not None and (reason := t.refused_when(case)):
        raise TransitionRefused(reason)
    event = _append(case, t, actor, note, event_date=event_date, details=details, attachment=attachment)
    logger.info("case %s: %s (%s -> %s) by user %s", case.id, t.name, event.from_status, event.to_status,
                actor.id)
    if t.date_column:
        _set_case_date(case, t, event.event_date)
    if t.renews_term:
        _set_expiry(case)
    if t.name == "approve":
        _take_charge(case, actor)
    if event.to_status == S.GRANTED and event.from_status != S.GRANTED:
        # The products become protected now: their QR tokens exist before any public page lists them,
        # so a GET of the catalogue never writes.
        verification.ensure_verifications(case.products)
    deadlines.close_for_event(case, event)
    if case.status in CLOSED:
        deadlines.cancel_open(case)
    deadlines.open_for_event(case, event)
    if t.notifies is not None:
        notifications.case_event(case, event, t.notifies)
    return event


def _append(case: Case, t: Transition, actor: User, note: str | None, *, event_date: date | None = None,
            details: dict | None = None, attachment=None) -> CaseEvent:
    """The history row of `t`; the case's status and version follow it. Flushes."""
    target = case.status if t.keeps_status else t.target
    event = CaseEvent(case=case, transition=t.name, from_status=case.status, to_status=target, actor=actor,
                      note=note, event_date=(event_date or clock.today()) if t.dated else None,
                      details=details or {}, attachment=attachment)
    case.status = target
    case.version += 1
    db.session.add(event)
    db.session.flush()
    return event


def _set_case_date(case: Case, t: Transition, day: date) -> None:
    """Keep the case's own date column (filing, publication, grant) equal to its event's date."""
    setattr(case, t.date_column, day)
    _set_expiry(case)


def _set_expiry(case: Case) -> None:
    """A granted mark's term runs from filing (validity period "mark_term") and each recorded renewal
    adds one term, so the expiry date is derived from the history, never typed; a GI has none."""
    if case.grant_date and case.filing_date and case.kind != CaseKind.GI:
        renewals = sum(1 for e in case.events if e.transition in RENEWALS)
        case.expiry_date = deadlines.mark_expiry(case.filing_date, terms=1 + renewals)


def assign(case: Case, consultant: User | None, actor: User) -> CaseEvent:
    """Give the case to a consultant (or to nobody); the change is in its history."""
    if consultant is not None and consultant.role != Role.CONSULTANT:
        raise ValueError("only consultants take cases")
    if not _allowed(ASSIGN, case, actor):
        raise TransitionNotAllowed(ASSIGN.name)
    case.consultant = consultant
    return _append(case, ASSIGN, actor, consultant.full_name if consultant else None)


def extend_deadline(deadline: Deadline, actor: User) -> CaseEvent:
    """The office granted an extension of an answer deadline: recount it and record it.
    Raises deadlines.CannotExtend when its rule allows no further extension."""
    case = deadline.case
    if not _allowed(EXTEND, case, actor):
        raise TransitionNotAllowed(EXTEND.name)
    deadlines.extend(deadline)
    note = _("Extended until %(date)s", date=format_date_vn(deadline.due_date))
    fee = fee_services.rate_for(case.kind, EXTENSION_FEE_CODE)
    if fee is None:  # no extension fee in the schedule (an admin closed it): the extension still counts
        return _append(case, EXTEND, actor, note)
    details = {"fee_code": fee.code, "fee_amount": fee.amount, "fee_legal_basis": fee.legal_basis}
    note = _("%(extended)s; extension fee %(amount)s (%(basis)s)", extended=note,
             amount=format_vnd(fee.amount), basis=fee.legal_basis)
    return _append(case, EXTEND, actor, note, details=details)


class EventDateRejected(Exception):
    """A corrected date that cannot be right (e.g. in the future)."""


def correct_event_date(case: Case, event: CaseEvent, new_date: date, actor: User) -> None:
    """Fix the date of a recorded office event; the case's dates and every deadline are recounted.
    The history row keeps the date it replaced and who corrected it."""
    if not correctable(event):
        raise TransitionNotAllowed(event.transition)
    if new_date > clock.today():
        raise EventDateRejected()
    event.details = {**event.details, "corrected_from": event.event_date.isoformat() if event.event_date else None,
                     "corrected_by": actor.id}
    event.event_date = new_date
    event.corrected_at = clock.now()
    t = BY_NAME[event.transition]
    if t.date_column:
        _set_case_date(case, t, new_date)
    case.version += 1
    db.session.flush()
    deadlines.recompute(case)
