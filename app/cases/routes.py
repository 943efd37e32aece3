"""Case page, status changes, review comments, PDF dossier."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import bp, dossier, services, workflow
from app.cases.forms import CommentForm, TransitionForm
from app.documents import storage
from app.extensions import db
from app.forms import EmptyForm
from app.models import Case
from app.security import can, get_visible_or_404, permission_required
from app.wizard import services as wizard_services
from app.wizard import steps as wizard_steps
from app.wizard.summary import case_summary


def _render_detail(case: Case, form: TransitionForm | None = None, comment_form: CommentForm | None = None,
                   status: int = 200):
    done, total = wizard_services.completeness(case)
    return (
        render_template(
            "cases/detail.html",
            case=case,
            summary=case_summary(case),
            transitions=[t for t in workflow.available_transitions(case, current_user) if t.name != "submit"],
            can_submit=any(t.name == "submit" for t in workflow.available_transitions(case, current_user)),
            can_edit=case.editable and can(current_user, "case.edit", case),
            form=form or TransitionForm(),
            comment_form=comment_form or CommentForm(steps=wizard_steps.steps_for(case)),
            steps={s.name: s for s in wizard_steps.steps_for(case)},
            resume_step=wizard_services.resume_step(case).name,
            done=done,
            total=total,
            submit_form=EmptyForm(),
        ),
        status,
    )


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
        return redirect(url_for("wizard.submit", case_id=case.id), code=307)
    try:
        event = workflow.transition(case, form.name.data, current_user, form.note.data)
    except workflow.NoteRequired:
        form.note.errors.append(_("Please explain in a note."))
        return _render_detail(case, form, status=422)
    except workflow.TransitionNotAllowed:
        flash(_("This action is not possible for this case now."), "danger")
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
    response = send_file(storage.generated_path(document), mimetype="application/pdf", as_attachment=False,
                         download_name=f"ho-so-{dossier.reference(case)}.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
