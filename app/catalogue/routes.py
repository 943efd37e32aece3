"""Public pages: the catalogue of protected OCOP products, QR codes and /verify/<token>."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from app import clock
from app.catalogue import bp, services
from app.documents.storage import stored_path
from app.extensions import db
from app.forms import EmptyForm
from app.models import Case, CaseKind, CaseStatus, Product
from app.products import ip_status
from app.products import verification as verifications
from app.public_urls import public_url
from app.security import permission_required
from app.wizard.summary import members_of


@bp.route("/catalogue/")
def index():
    """Protected OCOP products with mark, owner and certificate number: no login, nothing private."""
    products = services.protected_products()
    tokens = verifications.ensure_verifications(products)
    db.session.commit()
    return render_template("catalogue/index.html", products=products, tokens=tokens,
                           titles=services.public_titles(p.id for p in products))


@bp.route("/verify/<token>")
def verify(token: str):
    """What a buyer or inspector sees after scanning a label's QR code."""
    verification = verifications.find_token(token)
    if verification is None:
        return render_template("catalogue/verify.html", state="unknown", product=None), 404
    if verification.revoked_at is not None:
        return render_template("catalogue/verify.html", state="revoked", product=None), 410
    product = verification.product
    titles = services.public_titles([product.id])[product.id]
    expires = product.certificate_expires_on
    ocop_expired_on = expires if expires is not None and expires < clock.today() else None
    if ocop_expired_on is not None:
        state = "ocop_expired"
    elif any(t.status == ip_status.IpStatus.PROTECTED for t in titles):
        state = "genuine"
    else:
        state = "grace" if titles else "not_protected"
    return render_template("catalogue/verify.html", state=state, product=product, titles=titles,
                           ocop_expired_on=ocop_expired_on, ip=ip_status.for_product(product),
                           verification=verification)


@bp.route("/catalogue/marks/<int:case_id>")
def mark(case_id: int):
    """The mark image of a granted case (public once granted; nothing else of the case is)."""
    case = db.session.get(Case, case_id)
    if case is None or case.status != CaseStatus.GRANTED:
        abort(404)
    image = services.mark_image(case)
    if image is None:
        abort(404)
    return send_file(stored_path(image), mimetype=image.content_type, max_age=3600)


@bp.route("/catalogue/marks/<int:case_id>/members")
def members(case_id: int):
    """Who may use a granted collective mark: the members listed with its regulation on use
    (public once granted; names, ward and products only, never tax codes or street addresses)."""
    case = db.session.get(Case, case_id)
    if case is None or case.status != CaseStatus.GRANTED or case.kind != CaseKind.COLLECTIVE:
        abort(404)
    return render_template("catalogue/members.html", case=case, members=members_of(case))


@bp.route("/products/<int:product_id>/qr.svg")
@permission_required("referral.create")
def qr(product_id: int):
    """The office downloads a product's QR code for printing on labels."""
    product = db.session.get(Product, product_id) or abort(404)
    verification = verifications.ensure_verification(product)
    db.session.commit()
    svg = services.qr_svg(public_url("catalogue.verify", token=verification.token))
    return Response(svg, mimetype="image/svg+xml", headers={
        "Content-Disposition": f'attachment; filename="qr-ocop-{product.id}.svg"'})


@bp.route("/products/<int:product_id>/qr/revoke", methods=["POST"])
@permission_required("referral.create")
def revoke_qr(product_id: int):
    product = db.session.get(Product, product_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    verification = verifications.current_verification(product)
    if verification is not None:
        verifications.revoke(verification)
        db.session.commit()
        flash(_("The QR code was revoked; scanning it now says so."), "success")
    return redirect(url_for("products.detail", product_id=product.id))
