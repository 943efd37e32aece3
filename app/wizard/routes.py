"""Start an application, the generic step view, live fee estimate, submit for review."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import inputs
from app.extensions import db
from app.fees.services import estimate_fees
from app.forms import EmptyForm
from app.i18n import format_vnd
from app.marks import services as mark_services
from app.models import Case, CaseComment, CaseKind, CommentState
from app.security import can, get_visible_or_404, permission_required
from app.wizard import bp, services
from app.wizard import steps as wizard_steps
from app.wizard.forms import CommentAnswerForm
from app.wizard.summary import case_summary, extra_item_threshold


def _editable_case_or_404(case_id: int) -> Case:
    case = get_visible_or_404(Case, case_id, "case.view")
    if not can(current_user, "case.edit", case):
        abort(403)
    return case


@bp.route("/<int:case_id>/steps/<step_name>", methods=["GET", "POST"])
@permission_required("case.edit")
def step(case_id: int, step_name: str):
    """One generic view for every step of every wizard."""
    case = _editable_case_or_404(case_id)
    current = wizard_steps.find_step(case, step_name)
    if current is None:
        abort(404)
    previous, following = wizard_steps.neighbours(case, step_name)
    status = 200
    if request.method == "POST":
        action = request.form.get("action", "save")
        try:
            result = services.save_step(case, current, request.form, request.files, current_user,
                                        inputs.seen_version(request.form.get("step_version")))
        except services.StepLocked:
            db.session.rollback()
            flash(_("This application has been submitted and can no longer be changed."), "danger")
            return render_step(case, current, wizard_steps.build_form(current, case, request.form), 409)
        except services.StepConflict:
            db.session.rollback()
            flash(_("Someone else saved this step after you opened it. Your input is below, not saved: "
                    "check the step's current content in another tab, then save again."), "danger")
            form = wizard_steps.build_form(current, case, request.form)
            saved = case.step(current.name)
            return render_step(case, current, form, 409, version_override=saved.version if saved else 0)
        findings = _check_mark(case, current.name)
        db.session.commit()
        if findings and action == "continue" and current.name == "mark":
            flash(_("Pre-check of the sign: %(count)d findings, the most serious “%(risk)s”. They are listed on "
                    "the mark step and the review step; you may go on.", count=len(findings),
                    risk=findings[0].as_dict()["risk_title"]), "warning")
        for notice in result.notices:
            flash(notice, "info")
        if result.file_refused:
            flash(_("Your input is saved, but a file was refused: see the message next to it."), "warning")
            return render_step(case, current, result.form, 422)
        goto = wizard_steps.find_step(case, request.form.get("goto", ""))
        if goto is not None:
            return redirect(url_for("wizard.step", case_id=case.id, step_name=goto.name))
        if action == "back" and previous:
            return redirect(url_for("wizard.step", case_id=case.id, step_name=previous.name))
        if action == "continue":
            if result.valid:
                target = following.name if following else current.name
                return redirect(url_for("wizard.step", case_id=case.id, step_name=target))
            flash(_("Your input is saved, but some fields need attention before you go on."), "warning")
            return render_step(case, current, result.form, 422)
        flash(_("Draft saved. You can come back to it at any time, from any device."), "success")
        return redirect(url_for("wizard.step", case_id=case.id, step_name=current.name))
    form = wizard_steps.build_form(current, case)
    if request.args.get("check") and case.step(current.name) is not None:
        form.validate()
    return render_step(case, current, form, status)


def _check_mark(case: Case, step_name: str) -> list:
    """The sign and goods of a mark were saved: check them again and keep the result (never blocks)."""
    if step_name in ("mark", "goods") and case.kind != CaseKind.GI:
        return mark_services.check_case(case, current_user)
    return []


def _step_comments(case: Case, step_name: str) -> list[CaseComment]:
    """The comments of the current review round shown on a step: its own, or all on the review step."""
    return [c for c in case.comments if not c.resolved and (step_name == "review" or c.step == step_name)]


def _answer_form(comment: CaseComment, formdata=None) -> CommentAnswerForm:
    form = CommentAnswerForm(formdata=formdata, prefix=f"comment-{comment.id}")
    if formdata is None:
        form.state.data = comment.state.value if comment.state != CommentState.OPEN else None
        form.reply.data = comment.reply
    return form


def render_step(case: Case, current, form, status: int, version_override: int | None = None,
                answer_forms: dict | None = None):
    """A wizard step's page (also the review step shown again when submitting finds gaps); a comment's
    answer form refused is in `answer_forms` ({comment id: form}) to show its errors."""
    previous, following = wizard_steps.neighbours(case, current.name)
    stored = case.step(current.name)
    done, total = services.completeness(case)
    comments = _step_comments(case, current.name)
    answer_forms = {c.id: _answer_form(c) for c in comments} | (answer_forms or {})
    return (
        render_template(
            current.template,
            case=case,
            step=current,
            form=form,
            previous=previous,
            following=following,
            states=services.step_states(case),
            done=done,
            total=total,
            version=version_override if version_override is not None else (stored.version if stored else 0),
            comments=comments,
            answer_forms=answer_forms,
            step_titles={s.name: s.title for s in wizard_steps.steps_for(case)},
            summary=case_summary(case) if current.name == "review" else None,
            threshold=extra_item_threshold(case),
            submit_form=EmptyForm(),
        ),
        status,
    )


@bp.route("/<int:case_id>/comments/<int:comment_id>/answer", methods=["POST"])
@permission_required("case.edit")
def answer_comment(case_id: int, comment_id: int):
    """The applicant marks a reviewer's comment as dealt with, or answers it, on the step it is about."""
    case = _editable_case_or_404(case_id)
    comment = next((c for c in case.comments if c.id == comment_id and not c.resolved), None)
    if comment is None:
        abort(404)
    shown_on = (wizard_steps.find_step(case, request.form.get("step", ""))
                or wizard_steps.find_step(case, comment.step or "review") or wizard_steps.find_step(case, "review"))
    if shown_on is None:  # a case recorded without its wizard: nothing to answer here
        abort(404)
    form = _answer_form(comment, request.form)
    if not form.validate_on_submit():
        return render_step(case, shown_on, wizard_steps.build_form(shown_on, case), 422,
                           answer_forms={comment.id: form})
    try:
        services.settle_comment(comment, current_user, CommentState(form.state.data), form.reply.data)
    except services.CommentNotOpen:
        db.session.rollback()
        flash(_("This application has been submitted and can no longer be changed."), "danger")
        return redirect(url_for("cases.detail", case_id=case.id)), 303
    db.session.commit()
    flash(_("Your answer to DOST's comment is saved. It is sent with the application."), "success")
    return redirect(url_for("wizard.step", case_id=case.id, step_name=shown_on.name, _anchor=f"comment-{comment.id}"))


@bp.route("/<int:case_id>/fee-estimate")
@permission_required("case.view")
def fee_estimate(case_id: int):
    """Live fee estimate for the goods step: ?items=<class>:<count>&priority=<n>."""
    case = get_visible_or_404(Case, case_id, "case.view")
    items: dict[int, int] = {}
    try:
        for pair in request.args.getlist("items"):
            klass, count = (int(part) for part in pair.split(":", 1))
            items[klass] = items.get(klass, 0) + count
        estimate = estimate_fees(case.kind, items, request.args.get("priority", 0, type=int))
    except ValueError:
        abort(400)
    return jsonify(
        filing_total=format_vnd(estimate.filing_total),
        grant_total=format_vnd(estimate.grant_total),
        total=format_vnd(estimate.total),
        lines=[{"title": line.title, "quantity": line.quantity, "amount": format_vnd(line.amount)}
               for line in estimate.filing_lines],
    )
