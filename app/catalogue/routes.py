"""Public pages: the catalogue of protected OCOP products, QR codes and /verify/<token>."""
from __future__ import annotations

import hashlib

from flask import Response, abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import clock, pagination
from app import verification as verifications
from app.catalogue import bp, services
from app.documents.storage import stored_path
from app.extensions import db
from app.forms import EmptyForm
from app.models import Case, CaseKind, CaseStatus, Product
from app.products import ip_status
from app.public_urls import public_url
from app.security import permission_required
from app.text import nfc
from app.wizard.summary import members_of

#: how long a browser or proxy may show a public page without asking again (seconds)
PUBLIC_MAX_AGE = 60
#: a logo's URL holds its content's hash, so it never changes under that URL
LOGO_MAX_AGE = 365 * 24 * 3600


def _conditional(render, *key):
    """A public page that a browser or proxy may keep: a weak ETag (from the newest change, the
    page's arguments, the language and who is looking) and Last-Modified; 304 when the copy they
    hold is current, without rendering anything. Logged-in visitors see their name in the menu,
    so their copy is private."""
    changed, fingerprint = services.last_change()
    who = current_user.get_id() if current_user.is_authenticated else ""
    etag = hashlib.sha256(repr((fingerprint, clock.today(), str(get_locale()), who, key)).encode()).hexdigest()[:32]
    changed = changed.replace(microsecond=0)
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(etag)
    else:
        fresh = request.if_modified_since is not None and request.if_modified_since >= changed
    response = Response(status=304) if fresh else make_response(render())
    response.set_etag(etag, weak=True)
    response.last_modified = changed
    response.cache_control.max_age = PUBLIC_MAX_AGE
    if who:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    return response


@bp.route("/catalogue/")
def index():
    """Protected OCOP products with mark, owner and certificate number: no login, nothing private;
    searched and paginated in SQL, read-only (tokens are made at the grant, app/cases/workflow.py)."""
    search = nfc(request.args.get("q", "").strip())[:200]
    page_number = request.args.get("page", type=int)

    def render():
        products = services.protected_products(search)
        page = (pagination.paginate(products, page_number) if search else
                pagination.page_of(products, ip_status.count_shown_publicly(), page_number))
        ids = [p.id for p in page.items]
        return render_template("catalogue/index.html", page=page, search=search,
                               tokens=verifications.active_tokens(ids), titles=services.public_titles(ids),
                               mark_image=services.mark_image, mark_digest=mark_digest)

    return _conditional(render, search, page_number)


@bp.route("/verify/<token>")
def verify(token: str):
    """What a buyer or inspector sees after scanning a label's QR code."""
    verification = verifications.find_token(token)
    if verification is None:
        return render_template("catalogue/verify.html", state="unknown", product=None), 404
    if verification.revoked_at is not None:
        return render_template("catalogue/verify.html", state="revoked", product=None), 410
    return _conditional(lambda: _verify_page(verification), token)


def _verify_page(verification):
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


@bp.route("/catalogue/marks/<int:case_id>/<digest>")
def mark(case_id: int, digest: str):
    """The mark image of a granted case (public once granted; nothing else of the case is), under
    its content's hash: cached for a year, and a new upload gets a new URL (an old one redirects)."""
    case = db.session.get(Case, case_id)
    if case is None or case.status != CaseStatus.GRANTED:
        abort(404)
    image = services.mark_image(case)
    if image is None:
        abort(404)
    if digest != mark_digest(image):
        return redirect(url_for("catalogue.mark", case_id=case.id, digest=mark_digest(image)))
    response = send_file(stored_path(image), mimetype=image.content_type, max_age=LOGO_MAX_AGE, etag=image.sha256)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def mark_digest(image) -> str:
    return image.sha256[:16]


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
