"""Case page, status changes, review comments, PDF dossier."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import addresses, clock, inputs, pagination
from app.cases import bp, changes, dossier, lifecycle, services, workflow
from app.cases.event_forms import AssignForm, EventForm, InternalNoteForm
from app.cases.forms import CommentForm, TransitionForm
from app.deadlines import services as deadline_services
from app.documents import storage
from app.extensions import db
from app.forms import EmptyForm, parse_date
from app.models import Case, CaseKind, CaseStatus, FilePurpose, ProductGroup, Role, User
from app.security import can, get_visible_or_404, permission_required
from app.wizard import services as wizard_services
from app.wizard import steps as wizard_steps
from app.wizard.summary import case_summary


def _render_detail(case: Case, form: TransitionForm | None = None, comment_form: CommentForm | None = None,
                   status: int = 200, event_form: EventForm | None = None):
    done, total = wizard_services.completeness(case)
    available = workflow.available_transitions(case, current_user)
    event_transitions = [t for t in available if t.fields]
    if event_form is None:
        event_form = EventForm(transitions=event_transitions)
        event_form.version.data = case.version
    assign_form = AssignForm()
    assign_form.consultant_id.choices = services.consultant_choices()
    assign_form.consultant_id.data = case.consultant_id
    summary = case_summary(case)
    return (
        render_template(
            "cases/detail.html",
            case=case,
            summary=summary,
            transitions=workflow.review_buttons(case, current_user),
            event_form=event_form,
            has_events=bool(event_transitions),
            note_form=InternalNoteForm(),
            assign_form=assign_form,
            deadlines=case.deadlines,
            explain=deadline_services.explain,
            history_label=workflow.history_label,
            correctable=workflow.correctable,
            today=clock.today(),
            plain_status=services.plain_status(case),
            can_submit=any(t.name == "submit" for t in workflow.available_transitions(case, current_user)),
            can_edit=case.editable and can(current_user, "case.edit", case),
            form=form or TransitionForm(),
            comment_form=comment_form or CommentForm(steps=wizard_steps.steps_for(case)),
            steps={s.name: s for s in wizard_steps.steps_for(case)},
            resume_step=wizard_services.resume_step(case),
            changes=changes.since_last_submission(case),
            refusals=workflow.refusals(case),
            discardable=current_user.role == Role.PRODUCER and can(current_user, "case.edit", case)
            and services.untouched(case),
            done=done,
            total=total,
            submit_form=EmptyForm(),
            dossier_parts=[(name, dossier.PART_TITLES[name]) for name in dossier.available_parts(summary)],
        ),
        status,
    )


@bp.route("/")
@permission_required("case.view")
def index():
    """Cases with filters (kind, stage, consultant, ward, OCOP group) and accent-insensitive search."""
    filters = services.CaseFilters.from_args(request.args)
    page = pagination.paginate(services.case_query(current_user, filters), request.args.get("page", type=int))
    return render_template("cases/index.html", page=page, filters=filters,
                           consultants=services.consultant_choices(), kinds=list(CaseKind), statuses=list(CaseStatus),
                           groups=list(ProductGroup),
                           wards=addresses.wards(current_app.config["DEFAULT_PROVINCE_CODE"]))


@bp.route("/<int:case_id>")
@permission_required("case.view")
def detail(case_id: int):
    """The case summary: what was entered, status, history, comments, dossier."""
    return _render_detail(get_visible_or_404(Case, case_id, "case.view"))


@bp.route("/<int:case_id>/transition", methods=["POST"])
@permission_required("case.transition")
def transition(case_id: int):
    """Fire one workflow transition; the page shows what went wrong otherwise."""
    case = get_visible_or_404(Case, case_id, "case.view")
    form = TransitionForm()
    if not form.validate_on_submit():
        flash(_("Invalid request."), "danger")
        return _render_detail(case, form, status=422)
    if form.name.data == "submit":
        # Submitting re-validates the whole wizard first: it has its own view.
        return redirect(url_for("cases.submit", case_id=case.id), code=307)
    try:
        if form.name.data not in {t.name for t in workflow.review_buttons(case, current_user)}:
            raise workflow.TransitionNotAllowed(form.name.data)
        event = workflow.transition(case, form.name.data, current_user, form.note.data)
    except workflow.NoteRequired:
        form.note.errors.append(_("Please explain in a note."))
        return _render_detail(case, form, status=422)
    except workflow.TransitionNotAllowed:
        flash(_("This action is not possible for this case now."), "danger")
        return _render_detail(case, form, status=409)
    except workflow.TransitionRefused as refused:
        db.session.rollback()
        flash(str(refused.reason), "danger")
        return _render_detail(case, form, status=409)
    db.session.commit()
    flash(_("Status changed to: %(status)s", status=event.to_status.title), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/comments", methods=["POST"])
@permission_required("case.comment")
def comment(case_id: int):
    """A consultant's comment on the case or one of its steps."""
    case = get_visible_or_404(Case, case_id, "case.view")
    form = CommentForm(steps=wizard_steps.steps_for(case))
    if not form.validate_on_submit():
        return _render_detail(case, comment_form=form, status=422)
    services.add_comment(case, current_user, form.body.data, form.step.data or None)
    db.session.commit()
    flash(_("Comment added."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/dossier.pdf")
@permission_required("case.view")
def dossier_pdf(case_id: int):
    """The PDF dossier at any stage; "BẢN NHÁP" on every page until DOST approves it."""
    case = get_visible_or_404(Case, case_id, "case.view")
    document, rendered_now = dossier.get_dossier(case)
    if rendered_now:
        db.session.commit()
    return _send_generated(document, f"ho-so-{dossier.reference(case)}.pdf")


@bp.route("/<int:case_id>/documents/<part>.pdf")
@permission_required("case.view")
def part_pdf(case_id: int, part: str):
    """One document of the dossier alone (regulation on use, members, explanation, GI description,
    map); 404 for a document the case's kind or answers do not have."""
    case = get_visible_or_404(Case, case_id, "case.view")
    try:
        document, rendered_now = dossier.get_part(case, part)
    except dossier.UnknownPart:
        abort(404)
    if rendered_now:
        db.session.commit()
    return _send_generated(document, dossier.part_filename(case, part))


def _send_generated(document, download_name: str):
    """A stored PDF, shown in the browser, private to the user and checked again on each visit."""
    response = send_file(storage.generated_path(document), mimetype="application/pdf", as_attachment=False,
                         download_name=download_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/<int:case_id>/events", methods=["POST"])
@permission_required("case.record_event")
def record_event(case_id: int):
    """Record what the IP office did: filing, notices, answers, publication, grant…"""
    case = get_visible_or_404(Case, case_id, "case.view")
    transitions = [t for t in workflow.available_transitions(case, current_user) if t.fields]
    form = EventForm(transitions=transitions)
    if not form.validate_on_submit():
        return _render_detail(case, event_form=form, status=422)
    seen_version = inputs.seen_version(form.version.data)
    attachment = None
    try:
        if form.letter.data and form.letter.data.filename:
            attachment = storage.save_upload(case, FilePurpose.OTHER, form.letter.data, current_user)
        event = lifecycle.record_event(case, form.name.data, current_user, form.details(), note=form.event_note.data,
                                       seen_version=seen_version, attachment=attachment)
    except storage.UploadRejected as rejection:
        db.session.rollback()
        form.letter.errors = [str(rejection.message)]
        return _render_detail(case, event_form=form, status=422)
    except lifecycle.EventRejected as rejected:
        db.session.rollback()
        for field_name, message in rejected.errors.items():
            form[field_name].errors = [*form[field_name].errors, str(message)]
        return _render_detail(case, event_form=form, status=422)
    except lifecycle.StaleCase:
        db.session.rollback()
        flash(_("Someone else changed this case after you opened it. Here is its current state: check it, then record the event again."), "danger")
        return _render_detail(db.session.get(Case, case_id), event_form=form, status=409)
    except workflow.NoteRequired:
        db.session.rollback()
        form.event_note.errors = [_("Please explain in a note.")]
        return _render_detail(case, event_form=form, status=422)
    except workflow.TransitionNotAllowed:
        db.session.rollback()
        flash(_("This action is not possible for this case now."), "danger")
        return _render_detail(case, event_form=form, status=409)
    db.session.commit()
    flash(_("Recorded: %(what)s", what=workflow.BY_NAME[event.transition].title), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/notes", methods=["POST"])
@permission_required("case.internal_notes")
def add_note(case_id: int):
    """An internal note among staff; producers never see it."""
    case = get_visible_or_404(Case, case_id, "case.view")
    form = InternalNoteForm()
    if not form.validate_on_submit():
        flash(_("Write the note first."), "danger")
        return _render_detail(case, status=422)
    services.add_internal_note(case, current_user, form.note_body.data)
    db.session.commit()
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/assign", methods=["POST"])
@permission_required("case.assign")
def assign(case_id: int):
    case = get_visible_or_404(Case, case_id, "case.view")
    form = AssignForm()
    form.consultant_id.choices = services.consultant_choices()
    if not form.validate_on_submit():
        flash(_("Choose a consultant."), "danger")
        return _render_detail(case, status=422)
    workflow.assign(case, db.session.get(User, form.consultant_id.data) if form.consultant_id.data else None,
                    current_user)
    db.session.commit()
    flash(_("Assigned."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/events/<int:event_id>/correct", methods=["POST"])
@permission_required("case.record_event")
def correct_event(case_id: int, event_id: int):
    """Fix the date of a recorded office event; every deadline of the case is recounted."""
    case = get_visible_or_404(Case, case_id, "case.view")
    event = next((e for e in case.events if e.id == event_id and workflow.correctable(e)), None)
    if event is None or not EmptyForm().validate_on_submit():
        abort(404 if event is None else 400)
    try:
        new_date = parse_date(request.form.get("event_date", ""))
        workflow.correct_event_date(case, event, new_date, current_user)
    except ValueError:
        flash(_("Give a valid date."), "danger")
        return _render_detail(case, status=422)
    except workflow.EventDateRejected:
        flash(_("This date is in the future."), "danger")
        return _render_detail(case, status=422)
    db.session.commit()
    flash(_("Date corrected; the deadlines were recounted."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/deadlines/<int:deadline_id>/extend", methods=["POST"])
@permission_required("case.record_event")
def extend_deadline(case_id: int, deadline_id: int):
    """Record that the office granted an extension of an answer deadline."""
    case = get_visible_or_404(Case, case_id, "case.view")
    deadline = next((d for d in case.deadlines if d.id == deadline_id), None)
    if deadline is None or not EmptyForm().validate_on_submit():
        abort(404 if deadline is None else 400)
    try:
        workflow.extend_deadline(deadline, current_user)
    except deadline_services.CannotExtend:
        flash(_("This deadline cannot be extended any further."), "danger")
        return redirect(url_for("cases.detail", case_id=case.id)), 303
    db.session.commit()
    flash(_("Extension recorded."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))
