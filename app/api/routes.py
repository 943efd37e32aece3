"""Read-only JSON API (`/api/v1/products`) and the admin pages that issue and revoke its tokens."""
from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import inputs
from app.addresses import ward_name
from app.api import bp, services
from app.extensions import csrf, db
from app.forms import EmptyForm
from app.models import ApiToken, Product, User
from app.products import ip_status
from app.products import services as products
from app.security import can, has_permission, permission_required


def token_required(permission: str):
    """API views: a valid, unrevoked bearer token whose user holds the permission; JSON errors."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = services.authenticate(request.headers.get("Authorization"))
            if user is None:
                response = jsonify(error="unauthorized", message=_("A valid API token is required."))
                response.status_code = 401
                response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
                return response
            if not has_permission(user, permission):
                return jsonify(error="forbidden"), 403
            db.session.commit()  # last_used_at
            g.api_user = user
            return view(*args, **kwargs)

        return csrf.exempt(wrapped)

    return decorator


def _product_json(product: Product, ip: ip_status.ProductIp) -> dict:
    return {
        "id": product.id,
        "name": product.name,
        "organization": {"id": product.organization_id, "name": product.organization.name,
                         "tax_code": product.organization.tax_code},
        "group": product.group.value,
        "stars": product.stars,
        "ward_code": product.ward_code,
        "ward": ward_name(product.ward_code),
        "ocop_certificate": {
            "number": product.certificate_number,
            "issued_on": product.certificate_issued_on.isoformat() if product.certificate_issued_on else None,
            "expires_on": product.certificate_expires_on.isoformat() if product.certificate_expires_on else None,
        },
        "ip_status": ip.status.value,
        "ip_certificate_numbers": ip.certificate_numbers,
        "ip_expires_on": ip.expires_on.isoformat() if ip.expires_on else None,
        "ip_late_renewal_until": ip.late_renewal_until.isoformat() if ip.late_renewal_until else None,
        "needs_ip_support": ip.needs_support,
    }


@bp.route("/products")
@token_required("product.list")
def product_list():
    """Same filters as the list page; `page` and `per_page` (at most 200)."""
    filters = products.ProductFilters.from_args(request.args)
    page = products.paginate(filters, g.api_user, request.args.get("page", 1, type=int),
                             request.args.get("per_page", products.PAGE_SIZE, type=int))
    return jsonify(
        items=[_product_json(p, page.ip[p.id]) for p in page.items],
        page=page.page, per_page=page.per_page, total=page.total, pages=page.pages,
    )


@bp.route("/products/<int:product_id>")
@token_required("product.view")
def product_detail(product_id: int):
    product = db.session.get(Product, product_id)
    if product is None or not can(g.api_user, "product.view", product):
        return jsonify(error="not_found"), 404
    return jsonify(_product_json(product, ip_status.for_product(product)))


# --- Admin: issue and revoke tokens (HTML) ---------------------------------------------------

@bp.route("/tokens", methods=["GET", "POST"])
@permission_required("api_token.manage")
def tokens():
    plain = None
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        user = db.session.get(User, request.form.get("user_id", type=inputs.database_int) or 0)
        name = (request.form.get("name") or "").strip()
        if user is None or not name:
            flash(_("Choose a user and give the token a name."), "danger")
        else:
            _token, plain = services.issue(user, name, current_user)
            db.session.commit()
            flash(_("Token issued. Copy it now: it will not be shown again."), "success")
    all_tokens = list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())))
    users = list(db.session.scalars(sa.select(User).order_by(User.full_name)))
    return render_template("api/tokens.html", tokens=all_tokens, users=users, plain=plain, form=EmptyForm())


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required("api_token.manage")
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.revoke(token)
    db.session.commit()
    flash(_("Token revoked."), "success")
    return redirect(url_for("api.tokens"))
