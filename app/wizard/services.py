"""Wizard verbs: start a case, save a step, submit. They flush; the view commits."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage, MultiDict

from app import clock
from app.documents.storage import UploadRejected, save_upload
from app.extensions import db
from app.models import Case, CaseComment, CaseStep, CommentState, FilePurpose, User
from app.text import nfc
from app.wizard import step_checks
from app.wizard import steps as wizard_steps
from app.wizard.forms import CaseFileField, PriorityRepresentativeForm, ProductsForm, soft_print_warning

#: request fields that are buttons or tokens, not input to keep
_NOT_INPUT = {"csrf_token", "action", "step_version"}


class StepLocked(Exception):
    """The case is no longer a draft: its steps cannot change."""


class StepConflict(Exception):
    """Someone saved this step after the user opened it."""


@dataclass
class SaveResult:
    step: CaseStep
    form: object
    valid: bool
    #: what the step did besides saving, for the user (e.g. "12 members added from the file")
    notices: list[str] = field(default_factory=list)
    #: a file sent with the step was refused: the user must see why, even on "save draft"
    file_refused: bool = False


def raw_input(formdata: MultiDict) -> dict:
    """The user's typed input, as {field: [values]} (what a draft keeps)."""
    return {key: formdata.getlist(key) for key in formdata.keys() if key not in _NOT_INPUT}


def save_step(case: Case, step: wizard_steps.Step, formdata: MultiDict, files: MultiDict,
              actor: User, seen_version: int | None, *, csrf: bool = True) -> SaveResult:
    """Keep what the user typed (valid or not), store uploads, and record whether the step is complete."""
    if not case.editable:
        raise StepLocked()
    stored = case.step(step.name)
    if stored is not None and seen_version is not None and stored.version != seen_version:
        raise StepConflict()
    notices, prepare_errors = [], []
    if step.prepare is not None:
        formdata, notices, prepare_errors = step.prepare(formdata, files)
    form = wizard_steps.build_form(step, case, formdata, csrf=csrf)
    upload_errors = prepare_errors + _store_uploads(case, form, files, actor)
    sent = files.get("mark_image")
    if sent is not None and sent.filename and not upload_errors:  # the logo just stored, not a refused one
        notices += filter(None, [soft_print_warning(case.current_file(FilePurpose.MARK_IMAGE))])
    if stored is None:
        stored = CaseStep(case=case, name=step.name, data={}, version=0)
        db.session.add(stored)
    stored.data = raw_input(formdata)
    stored.version += 1
    stored.updated_by_id = actor.id
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):
        # Someone saved first: the step's UPDATE matched no row at the version seen, or two
        # first saves raced to insert it (the unique key). Either way this input is not saved.
        raise StepConflict() from None
    valid = form.validate() and not upload_errors
    for field_name, message in upload_errors:
        form[field_name].errors = [*form[field_name].errors, message]
    stored.complete = valid
    _copy_to_case(case, step, form)
    db.session.flush()
    return SaveResult(stored, form, valid, notices, file_refused=bool(upload_errors))


def _store_uploads(case: Case, form, files: MultiDict, actor: User) -> list[tuple[str, str]]:
    errors = []
    for file_field in form:
        if not isinstance(file_field, CaseFileField):
            continue
        upload: FileStorage | None = files.get(file_field.name)
        if upload is None or not upload.filename:
            continue
        try:
            save_upload(case, file_field.purpose, upload, actor)
        except UploadRejected as rejection:
            errors.append((file_field.name, str(rejection.message)))
    return errors


def _copy_to_case(case: Case, step: wizard_steps.Step, form) -> None:
    """Keep the few typed columns of the case in step with the draft."""
    if step.name == "mark" and form.wording.data:
        case.title = form.wording.data[:200]
    if step.name == "indication" and form.gi_name.data:
        # a GI is known as "<product> <place>", e.g. "Khóm Cầu Đúc"
        case.title = " ".join(filter(None, [form.product_name.data, form.gi_name.data]))[:200]
    if isinstance(form, PriorityRepresentativeForm):
        case.priority_claims = len(form.claimed())
    if isinstance(form, ProductsForm):
        chosen = set(form.products.data or [])
        case.products = [p for p in case.organization.products if p.id in chosen]


@dataclass(frozen=True)
class StepState:
    """A step as the step list shows it."""

    step: wizard_steps.Step
    saved: bool
    complete: bool
    #: a reviewer's comment on this step still waits for the applicant
    commented: bool


def open_comments(case: Case, step_name: str | None = None) -> list[CaseComment]:
    """The comments of the current review round the applicant has not dealt with (on one step)."""
    return [c for c in case.comments if c.is_open and (step_name is None or c.step == step_name)]


def step_states(case: Case) -> list[StepState]:
    """Every step of the case's wizard, in order, for the step list."""
    commented = {c.step for c in open_comments(case)}
    return [StepState(s, case.step(s.name) is not None, bool(case.step(s.name) and case.step(s.name).complete),
                      s.name in commented)
            for s in wizard_steps.steps_for(case)]


def resume_step(case: Case) -> wizard_steps.Step | None:
    """Where to pick up: the first step with an open comment (after a change request; the review step,
    which shows them all, for comments on the whole application), else the first step not yet
    complete, else the last (review); None without a wizard."""
    states = step_states(case)
    if not states:
        return None
    commented = next((s.step for s in states if s.commented), None)
    if commented is None and open_comments(case):
        return states[-1].step
    return commented or next((s.step for s in states if not s.complete), states[-1].step)


def completeness(case: Case) -> tuple[int, int]:
    """(complete steps, all steps)."""
    states = step_states(case)
    return sum(1 for s in states if s.complete), len(states)


class CommentNotOpen(Exception):
    """The comment belongs to an earlier review round, or the case is not being edited."""


def settle_comment(comment: CaseComment, actor: User, state: CommentState, reply: str | None) -> None:
    """The applicant dealt with a reviewer's comment, or answered it; who and when are kept for the
    consultant. It may change its mind until the case is sent again. Flushes."""
    if comment.resolved or not comment.case.editable or state == CommentState.OPEN:
        raise CommentNotOpen()
    comment.state = state
    comment.reply = nfc(reply.strip()) if reply and reply.strip() else None
    comment.settled_by = actor
    comment.settled_at = clock.now()
    db.session.flush()


def revalidate(case: Case) -> dict[str, dict]:
    """Rebuild every step's form from the saved draft and validate it, recording each saved
    step's completeness: {step: errors} for the steps that are not complete."""
    problems = {problem.step.name: problem.errors for problem in step_checks.step_problems(case)}
    for step in wizard_steps.steps_for(case):
        stored = case.step(step.name)
        if stored is not None:
            stored.complete = step.name not in problems
    db.session.flush()
    return problems
