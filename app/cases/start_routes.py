"""Starting an application and sending it for review: the two moves between the wizard's
drafts and the case's workflow (the wizard itself only edits drafts)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import inputs, locking
from app.cases import bp, services
from app.extensions import db
from app.forms import EmptyForm
from app.models import Case, CaseKind, Organization, Product, Role
from app.security import can, get_visible_or_404, permission_required
from app.wizard import steps as wizard_steps
from app.wizard.eligibility import refusal_to_start
from app.wizard.routes import render_step

#: the kinds that have a wizard, in the order the start page offers them
STARTABLE = tuple(wizard_steps.WIZARDS)


def _organization_for_new_case(source) -> Organization | None:
    """A producer's own organization; for DOST the one chosen (None if not chosen yet)."""
    if current_user.role == Role.PRODUCER:
        return current_user.organization
    organization_id = source.get("organization_id", type=inputs.database_int)
    return get_visible_or_404(Organization, organization_id, "organization.view") if organization_id else None


def _product_for_new_case(source, organization: Organization | None) -> Product | None:
    product_id = source.get("product_id", type=inputs.database_int)
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
    case = services.start_or_reuse(kind, organization, current_user, product)
    db.session.commit()
    first = wizard_steps.steps_for(case)[0]
    return redirect(url_for("wizard.step", case_id=case.id, step_name=first.name))

@bp.route("/<int:case_id>/discard", methods=["POST"])
@permission_required("case.edit")
def discard(case_id: int):
    """Delete a draft nobody worked on: only its organization's producers may, and only while it is
    untouched (anything else is withdrawn instead, and stays on record)."""
    case = get_visible_or_404(Case, case_id, "case.view")
    if current_user.role != Role.PRODUCER or not can(current_user, "case.edit", case):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.discard_draft(case)
    except services.NotUntouched:
        db.session.rollback()
        flash(_("Only an empty draft can be deleted. This one has been worked on: withdraw it instead."), "danger")
        return redirect(url_for("cases.detail", case_id=case_id)), 303
    db.session.commit()
    flash(_("The empty draft was deleted."), "success")
    return redirect(url_for("main.home"))


def _editable_case_or_404(case_id: int) -> Case:
    case = get_visible_or_404(Case, case_id, "case.view")
    if not can(current_user, "case.edit", case):
        abort(403)
    return case


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
    try:
        problems = services.submit(case, current_user)
    except services.CommentsOpen as refused:
        db.session.rollback()
        return _refuse_open_comments(case, refused.comments)
    except locking.StaleVersion:  # someone sent it (or changed its status) at the same moment
        db.session.rollback()
        flash(_("This application has already been submitted."), "warning")
        return redirect(url_for("cases.detail", case_id=case_id)), 303
    db.session.commit()
    if problems:
        flash(_("Some steps are not complete yet: see the list below."), "danger")
        review = wizard_steps.find_step(case, "review")
        form = wizard_steps.build_form(review, case)
        return render_step(case, review, form, 422)
    flash(_("Sent to DOST for review. You will see their answer here."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


def _refuse_open_comments(case: Case, comments) -> tuple:
    """The review step again, saying which steps still have a comment of DOST to deal with or answer."""
    titles = {step.name: str(step.title) for step in wizard_steps.steps_for(case)}
    named = list(dict.fromkeys(titles.get(c.step, _("the whole application")) for c in comments))
    flash(_("DOST's comments are not all dealt with yet. For each comment on these steps, mark it as dealt "
            "with or answer it, then submit again: %(steps)s.", steps="; ".join(named)), "danger")
    review = wizard_steps.find_step(case, "review")
    return render_step(case, review, wizard_steps.build_form(review, case), 422)
