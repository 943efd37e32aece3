"""Case detail and status changes."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import bp, workflow
from app.cases.forms import TransitionForm
from app.extensions import db
from app.models import Case
from app.security import get_visible_or_404, permission_required


@bp.route("/<int:case_id>")
@permission_required("case.view")
def detail(case_id: int):
    case = get_visible_or_404(Case, case_id, "case.view")
    return render_template(
        "cases/detail.html",
        case=case,
        transitions=workflow.available_transitions(case, current_user),
        form=TransitionForm(),
    )


@bp.route("/<int:case_id>/transition", methods=["POST"])
@permission_required("case.transition")
def transition(case_id: int):
    """Fire one workflow transition; the page shows what went wrong otherwise."""
    case = get_visible_or_404(Case, case_id, "case.view")
    form = TransitionForm()
    if not form.validate_on_submit():
        return _detail_with_error(case, form, _("Invalid request."))
    try:
        event = workflow.transition(case, form.name.data, current_user, form.note.data)
    except workflow.NoteRequired:
        form.note.errors.append(_("Please explain in a note."))
        return _detail_with_error(case, form, None)
    except workflow.TransitionNotAllowed:
        return _detail_with_error(case, form, _("This action is not possible for this case now."), 409)
    db.session.commit()
    flash(_("Status changed to: %(status)s", status=event.to_status.title), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


def _detail_with_error(case: Case, form: TransitionForm, message: str | None, status: int = 422):
    if message:
        flash(message, "danger")
    return (
        render_template(
            "cases/detail.html",
            case=case,
            transitions=workflow.available_transitions(case, current_user),
            form=form,
        ),
        status,
    )
