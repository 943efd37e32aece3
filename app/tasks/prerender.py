"""Dossiers ready before they are asked for: a case whose data changed is rendered in the background
(the task is render_case_documents in app/tasks/__init__.py).

Every flush notes the cases it touched (the case row itself, a wizard step, an upload, a history
row); once the transaction commits, and only then, the cases are handed to the task queue
(``request_render``): at the end of the request when there is one, so the render never
reads data that was rolled back or not yet committed. Several saves in a row queue one render (a
pending marker), and the render stores what the download route would have rendered, keyed by the
same fingerprint (app/cases/dossier.py), so a download after the render is a stored copy and a
download before it renders the current data itself: never a stale dossier.
"""
from __future__ import annotations

import logging
from itertools import chain

from flask import after_this_request, current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import tasks
from app.models import Case, CaseEvent, CaseStep, StoredFile
from app.queue import huey

logger = logging.getLogger(__name__)

#: what a dossier is made from, besides the case row: each has the case's id
CASE_PARTS = (CaseStep, StoredFile, CaseEvent)
_SESSION_KEY = "cases_changed"


@event.listens_for(Session, "after_flush")
def _note_changed_cases(session: Session, _context) -> None:
    changed = session.info.setdefault(_SESSION_KEY, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Case):
            changed.add(obj.id)
        elif isinstance(obj, CASE_PARTS):
            changed.add(obj.case_id)


@event.listens_for(Session, "after_rollback")
def _forget_changed_cases(session: Session) -> None:
    session.info.pop(_SESSION_KEY, None)


@event.listens_for(Session, "after_commit")
def _queue_changed_cases(session: Session) -> None:
    changed = session.info.pop(_SESSION_KEY, None)
    if not changed or not has_app_context() or not current_app.config["DOSSIER_PRERENDER"]:
        return
    if has_request_context():
        waiting = g.setdefault("cases_to_render", set())
        if not waiting:
            after_this_request(_queue_after_request)
        waiting.update(changed)
    elif not huey.immediate:  # inline work cannot run inside the commit hook; a download renders
        _queue(changed)


def _queue_after_request(response):
    _queue(g.pop("cases_to_render", set()))
    return response


def _queue(case_ids: set[int]) -> None:
    for case_id in sorted(case_ids):
        try:
            tasks.request_render(case_id)
        except Exception:  # the change is saved; the next download renders the dossier itself
            logger.exception("could not queue the dossier of case %s", case_id)
