"""Organization pages."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import addresses, audit, inputs, pagination
from app.extensions import db
from app.forms import EmptyForm
from app.locking import StaleVersion
from app.models import Organization
from app.organizations import bp, services
from app.organizations.forms import OrganizationForm
from app.security import can, get_visible_or_404, permission_required, safe_next
from app.text import nfc


@bp.route("/")
@permission_required("organization.list")
def index():
    """Staff list organizations, unverified first; accent-insensitive search by name or tax code."""
    show = request.args.get("show", "all")
    query = nfc(request.args.get("q", "").strip())[:200]
    page = pagination.paginate(services.organization_query(query, unverified_only=show == "unverified"),
                               request.args.get("page", type=int))
    return render_template(
        "organizations/index.html",
        page=page,
        show=show,
        query=query,
        verify_form=EmptyForm(),
    )


@bp.route("/<int:organization_id>")
@permission_required("organization.view")
def detail(organization_id: int):
    organization = get_visible_or_404(Organization, organization_id, "organization.view")
    return render_template("organizations/detail.html", organization=organization, verify_form=EmptyForm(),
                           history=audit.history_rows(audit.history(organization)))


@bp.route("/new", methods=["GET", "POST"])
@permission_required("organization.create")
def new():
    """Office or admin staff add an organization."""
    form = OrganizationForm()
    if form.validate_on_submit():
        organization = services.create_organization(form.organization_fields(), current_user)
        db.session.commit()
        flash(_("Organization added."), "success")
        return redirect(url_for("organizations.detail", organization_id=organization.id))
    status = 422 if form.errors else 200
    return render_template("organizations/edit.html", form=form, organization=None), status


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@permission_required("organization.edit")
def edit(organization_id: int):
    organization = get_visible_or_404(Organization, organization_id, "organization.view")
    if not can(current_user, "organization.edit", organization):
        abort(403)
    form = OrganizationForm(organization=organization)
    if request.method == "GET":
        form.fill_from(organization)
        form.version.data = organization.version
    elif form.validate_on_submit():
        try:
            services.update_organization(organization, form.organization_fields(), current_user,
                                         seen_version=inputs.seen_version(form.version.data))
        except StaleVersion:
            db.session.rollback()
            return _edit_conflict(form, organization_id)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("organizations.detail", organization_id=organization.id))
    status = 422 if form.errors else 200
    return render_template("organizations/edit.html", form=form, organization=organization), status


def _edit_conflict(form: OrganizationForm, organization_id: int):
    """The edit form again with the user's input, now at the current version: saving again
    overwrites the other person's change knowingly."""
    organization = db.session.get(Organization, organization_id)
    form.version.data = organization.version
    flash(_("Someone else saved this organization after you opened it. Your input is kept below: "
            "compare it with the organization's page, then save again."), "danger")
    return render_template("organizations/edit.html", form=form, organization=organization), 409


@bp.route("/<int:organization_id>/verify", methods=["POST"])
@permission_required("organization.verify")
def verify(organization_id: int):
    organization = get_visible_or_404(Organization, organization_id, "organization.verify")
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.verify_organization(organization, current_user)
    db.session.commit()
    flash(_("%(name)s is now verified.", name=organization.name), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.route("/wards")
def wards():
    """Wards of a province, for the address form (public: the registration page uses it)."""
    try:
        province = int(request.args.get("province", ""))
    except ValueError:
        abort(400)
    return jsonify([{"code": code, "name": name} for code, name in addresses.wards(province)])
