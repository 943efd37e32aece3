"""Start an application, the generic step view, live fee estimate, submit for review."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.fees.services import estimate_fees
from app.forms import EmptyForm
from app.i18n import format_vnd
from app.models import Case, CaseKind, Organization, Product, Role
from app.security import can, get_visible_or_404, permission_required
from app.wizard import bp, services, steps as wizard_steps
from app.wizard.eligibility import refusal_to_start
from app.wizard.summary import case_summary, extra_item_threshold

#: the kinds that have a wizard, in the order the start page offers them
STARTABLE = tuple(wizard_steps.WIZARDS)


def _organization_for_new_case(source) -> Organization | None:
    """A producer's own organization; for DOST the one chosen (None if not chosen yet)."""
    if current_user.role == Role.PRODUCER:
        return current_user.organization
    organization_id = source.get("organization_id", type=int)
    return get_visible_or_404(Organization, organization_id, "organization.view") if organization_id else None


def _product_for_new_case(source, organization: Organization | None) -> Product | None:
    product_id = source.get("product_id", type=int)
    if not product_id:
        return None
    product = db.session.get(Product, product_id)
    if product is None or organization is None or product.organization_id != organization.id:
        abort(404)
    return product


def _render_start(organization, product, status: int = 200, refused: dict | None = None):
    organizations = []
    if current_user.role != Role.PRODUCER and organization is None:
        organizations = db.session.scalars(sa.select(Organization).order_by(Organization.name)).all()
    return render_template(
        "wizard/new.html", organization=organization, product=product, organizations=organizations,
        kinds=[(kind, refusal_to_start(kind, organization) if organization else None) for kind in STARTABLE],
        refused=refused or {}, form=EmptyForm(),
    ), status


@bp.route("/new", methods=["GET"])
@permission_required("case.create")
def choose_kind():
    """Which right to apply for: each kind explained, with who may apply and what to prepare."""
    organization = _organization_for_new_case(request.args)
    return _render_start(organization, _product_for_new_case(request.args, organization))


@bp.route("/new", methods=["POST"])
@permission_required("case.create")
def new():
    """Start a draft application; a producer for its own organization, a consultant for any."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        kind = CaseKind(request.form.get("kind", ""))
    except ValueError:
        abort(400)
    if kind not in STARTABLE:
        abort(400)
    organization = _organization_for_new_case(request.form)
    if organization is None:
        abort(404)
    product = _product_for_new_case(request.form, organization)
    refusal = refusal_to_start(kind, organization)
    if refusal:
        return _render_start(organization, product, 422, refused={kind: refusal})
    case = services.start_case(kind, organization, current_user, [product] if product else [])
    db.session.commit()
    first = wizard_steps.steps_for(case)[0]
    return redirect(url_for("wizard.step", case_id=case.id, step_name=first.name))


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
                                        request.form.get("step_version", type=int))
        except services.StepLocked:
            db.session.rollback()
            flash(_("This application has been submitted and can no longer be changed."), "danger")
            return _render_step(case, current, wizard_steps.build_form(current, case, request.form), 409)
        except services.StepConflict:
            db.session.rollback()
            flash(_("Someone else saved this step after you opened it. Your input is below, not saved: "
                    "check the step's current content in another tab, then save again."), "danger")
            form = wizard_steps.build_form(current, case, request.form)
            return _render_step(case, current, form, 409, version_override=case.step(current.name).version)
        db.session.commit()
        for notice in result.notices:
            flash(notice, "info")
        if result.file_refused:
            flash(_("Your input is saved, but a file was refused: see the message next to it."), "warning")
            return _render_step(case, current, result.form, 422)
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
            return _render_step(case, current, result.form, 422)
        flash(_("Draft saved. You can come back to it at any time, from any device."), "success")
        return redirect(url_for("wizard.step", case_id=case.id, step_name=current.name))
    form = wizard_steps.build_form(current, case)
    if request.args.get("check") and case.step(current.name) is not None:
        form.validate()
    return _render_step(case, current, form, status)


def _render_step(case: Case, current, form, status: int, version_override: int | None = None):
    previous, following = wizard_steps.neighbours(case, current.name)
    stored = case.step(current.name)
    done, total = services.completeness(case)
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
            comments=[c for c in case.comments if c.step == current.name and not c.resolved],
            summary=case_summary(case) if current.name == "review" else None,
            threshold=extra_item_threshold(case),
            submit_form=EmptyForm(),
        ),
        status,
    )


@bp.route("/<int:case_id>/submit", methods=["POST"])
@permission_required("case.edit")
def submit(case_id: int):
    """Send for review, only when every step is valid; otherwise show what is missing."""
    case = _editable_case_or_404(case_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not case.editable:
        flash(_("This application has already been submitted."), "warning")
        return redirect(url_for("cases.detail", case_id=case.id)), 303
    problems = services.submit(case, current_user)
    db.session.commit()
    if problems:
        flash(_("Some steps are not complete yet: see the list below."), "danger")
        review = wizard_steps.find_step(case, "review")
        form = wizard_steps.build_form(review, case)
        return _render_step(case, review, form, 422)
    flash(_("Sent to DOST for review. You will see their answer here."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


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
        lines=[{"title": line.title, "quantity": line.quantity, "amount": format_vnd(line.amount)}
               for line in estimate.filing_lines],
    )
