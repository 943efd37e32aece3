"""The case workflow: transitions as data, role-gated, each appending a CaseEvent.

Every status change in the app goes through ``transition()``. Later stages
(filing, office notices, grant) are added here as more rows of TRANSITIONS.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Case, CaseEvent, CaseStatus, Role, User
from app.security import owns

S = CaseStatus
#: statuses in which the applicant may still give up before filing
PRE_FILING = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED})


@dataclass(frozen=True)
class Transition:
    """A named move from any of `sources` to `target`, for the given roles."""

    name: str
    sources: frozenset[CaseStatus]
    target: CaseStatus
    roles: frozenset[Role]
    title: object  # a lazy translated string
    #: producers may fire it only on their own organization's cases
    owner_only: bool = True
    #: a note is required (e.g. what to change)
    needs_note: bool = False


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
)
BY_NAME = {t.name: t for t in TRANSITIONS}


class TransitionNotAllowed(Exception):
    """Raised when a transition does not apply to the case's status or the actor's role."""


class NoteRequired(Exception):
    """Raised when a transition that needs an explanation gets none."""


def _allowed(t: Transition, case: Case, user: User) -> bool:
    if case.status not in t.sources or user.role not in t.roles:
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


def transition(case: Case, name: str, actor: User, note: str | None = None) -> CaseEvent:
    """Move the case and append its history row; flushes, never commits."""
    t = BY_NAME.get(name)
    if t is None or not _allowed(t, case, actor):
        raise TransitionNotAllowed(name)
    note = (note or "").strip() or None
    if t.needs_note and not note:
        raise NoteRequired(name)
    event = CaseEvent(case=case, transition=t.name, from_status=case.status, to_status=t.target, actor=actor, note=note)
    case.status = t.target
    db.session.add(event)
    db.session.flush()
    return event
