"""Product registry pages: the list, product pages, create/edit, referrals to DOST."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app import addresses, inputs
from app import verification as verifications
from app.audit import history, history_rows
from app.extensions import db
from app.forms import EmptyForm
from app.locking import StaleVersion
from app.models import Case, CaseKind, Organization, Product, ProductGroup, ProductReferral, ReferralStatus, Role
from app.products import bp, ip_status, services
from app.products.forms import CloseReferralForm, ProductForm, ReferForm
from app.security import can, get_visible_or_404, permission_required, scope_to_user


def _filters_context(filters: services.ProductFilters) -> dict:
    return {
        "filters": filters,
        "wards": addresses.wards(services.province_code()),
        "groups": list(ProductGroup),
        "ip_choices": ip_status.IpStatus.choices()
        + [(ip_status.NEEDS_SUPPORT, ip_status.NEEDS_SUPPORT_TITLE)],
    }


@bp.route("/")
@permission_required("product.list")
def index():
    """The registry: filtered, searched, sorted and paginated on the server."""
    filters = services.ProductFilters.from_args(request.args)
    page = services.paginate(filters, current_user, request.args.get("page", 1, type=int))
    return render_template(
        "products/index.html", page=page, refer_form=ReferForm(), open_referrals=services.open_referrals_count()
        if can(current_user, "referral.handle") or can(current_user, "referral.create") else None,
        **_filters_context(filters),
    )


@bp.route("/<int:product_id>")
@permission_required("product.view")
def detail(product_id: int):
    product = get_visible_or_404(Product, product_id, "product.view")
    ip = ip_status.for_product(product)
    cases = list(db.session.scalars(
        sa.select(Case).where(Case.products.any(Product.id == product.id)).order_by(Case.id.desc())
    ))
    referrals = list(db.session.scalars(
        sa.select(ProductReferral).where(ProductReferral.product_id == product.id).order_by(ProductReferral.id.desc())
    ))
    verification = None
    if can(current_user, "referral.create"):
        verification = verifications.current_verification(product)
    return render_template(
        "products/detail.html", product=product, ip=ip, cases=cases, referrals=referrals,
        history=history_rows(history(product)), refer_form=ReferForm(), verification=verification,
        action_form=EmptyForm(),
    )


def _organizations_for(user) -> list[Organization]:
    stmt = scope_to_user(sa.select(Organization), Organization, user).order_by(Organization.name)
    return list(db.session.scalars(stmt))


def _product_form(product: Product | None = None) -> ProductForm:
    form = ProductForm(product=product, organizations=_organizations_for(current_user),
                       province_code=services.province_code())
    if current_user.role == Role.PRODUCER and request.method == "GET":
        form.organization_id.data = current_user.organization_id
    return form


@bp.route("/new", methods=["GET", "POST"])
@permission_required("product.edit")
def new():
    if current_user.role == Role.PRODUCER and current_user.organization_id is None:
        abort(403)
    form = _product_form()
    if request.method == "GET":
        form.organization_id.data = request.args.get("organization", type=int) or form.organization_id.data
    if form.validate_on_submit():
        organization = get_visible_or_404(Organization, form.organization_id.data, "organization.view")
        values = form.values()
        values["ward_code"] = values["ward_code"] or organization.ward_code
        product = services.create_product(current_user, **values)
        db.session.commit()
        flash(_("Product saved."), "success")
        return redirect(url_for("products.detail", product_id=product.id))
    return render_template("products/edit.html", form=form, product=None), 422 if form.errors else 200


@bp.route("/<int:product_id>/edit", methods=["GET", "POST"])
@permission_required("product.edit")
def edit(product_id: int):
    product = get_visible_or_404(Product, product_id, "product.view")
    if not can(current_user, "product.edit", product):
        abort(403)
    form = _product_form(product)
    if request.method == "GET":
        form.process(obj=product)
        form.group.data = product.group.value
    if form.validate_on_submit():
        get_visible_or_404(Organization, form.organization_id.data, "organization.view")
        seen_version = inputs.seen_version(form.version.data)
        try:
            changed = services.update_product(product, current_user, seen_version=seen_version, **form.values())
        except StaleVersion:
            db.session.rollback()
            return _edit_conflict(form, product_id)
        if changed:
            flash(_("Product saved."), "success")
        db.session.commit()
        return redirect(url_for("products.detail", product_id=product.id))
    return render_template("products/edit.html", form=form, product=product), 422 if form.errors else 200


def _edit_conflict(form: ProductForm, product_id: int):
    """The edit form again with the user's input, now at the current version: saving again
    overwrites the other person's change knowingly."""
    product = db.session.get(Product, product_id)
    form.version.data = product.version
    flash(_("Someone else saved this product after you opened it. Your input is kept below: "
            "compare it with the product's page, then save again."), "danger")
    return render_template("products/edit.html", form=form, product=product), 409


# --- Referrals to DOST ---------------------------------------------------------------------

@bp.route("/refer", methods=["POST"])
@permission_required("referral.create")
def refer():
    """Flag the chosen products "needs IP support": DOST sees one request per product."""
    form = ReferForm()
    if not form.validate_on_submit():
        flash(_("Choose at least one product."), "danger")
        return redirect(request.referrer or url_for("products.index"))
    products = list(db.session.scalars(sa.select(Product).where(Product.id.in_(form.product_ids.data))))
    created = services.refer_products(products, current_user, form.note.data or "",
                                      CaseKind(form.suggested_kind.data))
    db.session.commit()
    flash(ngettext("%(num)d request for IP support sent to DOST.", "%(num)d requests for IP support sent to DOST.",
                    len(created)), "success")
    if len(products) == 1:
        return redirect(url_for("products.detail", product_id=products[0].id))
    return redirect(url_for("products.referrals"))


@bp.route("/referrals")
@permission_required("referral.view")
def referrals():
    """Requests for IP support: DOST handles them, the office follows them (producers: 403)."""
    show = request.args.get("show", "open")
    stmt = (sa.select(ProductReferral)
            .options(selectinload(ProductReferral.product).selectinload(Product.organization),
                     selectinload(ProductReferral.created_by), selectinload(ProductReferral.handled_by))
            .order_by(ProductReferral.created_at.desc(), ProductReferral.id.desc()))
    if show == "open":
        stmt = stmt.where(ProductReferral.status == ReferralStatus.OPEN)
    else:
        stmt = stmt.where(ProductReferral.status != ReferralStatus.OPEN).limit(200)
    return render_template("products/referrals.html", referrals=list(db.session.scalars(stmt)), show=show,
                           counts=services.referral_counts(), action_form=EmptyForm(),
                           close_form=CloseReferralForm())


def _open_referral(referral_id: int) -> ProductReferral:
    referral = db.session.get(ProductReferral, referral_id)
    if referral is None:
        abort(404)
    return referral


@bp.route("/referrals/<int:referral_id>/accept", methods=["POST"])
@permission_required("referral.handle")
def accept_referral(referral_id: int):
    referral = _open_referral(referral_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        case = services.accept_referral(referral, current_user)
    except services.KindNotAllowed as refusal:
        flash(refusal.message + " " + _("Close this request, or start another kind of application from the "
                                         "organization's page."), "danger")
        return redirect(url_for("products.referrals"))
    except services.ReferralError:
        flash(_("This request has already been handled."), "warning")
        return redirect(url_for("products.referrals"))
    db.session.commit()
    flash(_("A draft application was started for %(organization)s.", organization=case.organization.name), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/referrals/<int:referral_id>/close", methods=["POST"])
@permission_required("referral.handle")
def close_referral(referral_id: int):
    referral = _open_referral(referral_id)
    form = CloseReferralForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for closing the request."), "danger")
        return redirect(url_for("products.referrals"))
    try:
        services.close_referral(referral, current_user, form.reason.data)
    except services.ReferralError:
        flash(_("This request has already been handled."), "warning")
        return redirect(url_for("products.referrals"))
    db.session.commit()
    flash(_("Request closed."), "success")
    return redirect(url_for("products.referrals"))


from app.products import transfer_routes  # noqa: E402,F401  (import and export)
