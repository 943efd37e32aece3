"""Pages of the mark pre-check: /marks/check (staff, any sign), /marks/check.json (any logged-in
user), /marks/register (DOST imports the register of earlier marks)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.documents.pdf import render_pdf
from app.extensions import db
from app.i18n import format_datetime_vn
from app.marks import bp, services
from app.marks.forms import CheckForm, IndicationForm, RegisterImportForm, parse_classes
from app.marks.register_import import MAX_BYTES, import_register
from app.models import Case, EarlierMark, ProtectedIndication, StoredFile
from app.security import get_visible_or_404, permission_required
from app.spreadsheets import ImportRejected


@bp.route("/check")
@permission_required("mark.check_any")
def check():
    """Any sign and classes, for a consultant advising a producer before an application exists."""
    form = CheckForm(request.args)
    findings, status = None, 200
    if request.args:
        if form.validate():
            findings = [f.as_dict() for f in services.check(form.text.data, form.class_list, current_user)]
        else:
            status = 400
    return render_template("marks/check.html", form=form, findings=findings), status


def _json_error(field: str, message: str):
    return jsonify(errors={field: message}), 400


@bp.route("/check.json")
@permission_required("mark.check")
def check_json():
    """The findings as JSON: ?text=<sign>&classes=29,30[&case=<id>][&image=<stored file id>]. A case
    id (one the user may see) leaves that case's own organization's marks out; an image id must be a
    file the user may see."""
    text = request.args.get("text", "").strip()
    if not text:
        return _json_error("text", _("This field is required."))
    if len(text) > services.MAX_TEXT:
        return _json_error("text", _("At most %(max)d characters.", max=services.MAX_TEXT))
    try:
        classes = parse_classes(request.args.get("classes"))
    except ValueError as error:
        return _json_error("classes", str(error.args[0]))
    ids = {}
    for name in ("case", "image"):
        raw = request.args.get(name, "")
        if raw and (not raw.isdigit() or len(raw) > 9):
            return _json_error(name, _("This must be a whole number."))
        ids[name] = int(raw) if raw else None
    case = get_visible_or_404(Case, ids["case"], "case.view") if ids["case"] else None
    image = db.session.get(StoredFile, ids["image"]) if ids["image"] else None
    if ids["image"]:
        # another organization's logo is as unknown as a missing one
        get_visible_or_404(Case, image.case_id if image else 0, "case.view")
    findings = services.check(text, classes, current_user, case, image)
    return jsonify(findings=[f.as_dict() for f in findings], disclaimer=str(services.DISCLAIMER))


@bp.route("/register", methods=["GET", "POST"])
@permission_required("mark.register")
def register():
    """DOST imports the register of earlier marks: all rows or none; a known number is updated."""
    form = RegisterImportForm()
    result = None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        try:
            result = import_register(form.file.data.filename, data, form.source.data)
            if not result.errors:
                db.session.commit()
        except ImportRejected as error:
            form.file.errors.append(error.message)
        except IntegrityError:
            # another import added the same numbers meanwhile: this one is dropped whole
            db.session.rollback()
            form.file.errors.append(_("Another import changed the register at the same time: nothing of "
                                      "this file was imported. Import it again."))
            return _register_page(form, None, 409)
        if result is not None and not result.errors:
            flash(_("Register imported: %(created)d marks added, %(updated)d updated.",
                    created=result.created, updated=result.updated), "success")
            return redirect(url_for("marks.register"))
        db.session.rollback()
    return _register_page(form, result, 400 if request.method == "POST" else 200)


def _register_page(form: RegisterImportForm, result, status: int):
    count = db.session.scalar(sa.select(sa.func.count(EarlierMark.id)))
    return render_template("marks/register.html", form=form, result=result, count=count), status


@bp.app_template_global()
def latest_mark_check(case: Case) -> dict | None:
    """The case's latest pre-check as plain data for the mark and review steps, or None."""
    record = services.latest_check(case)
    if record is None:
        return None
    return {"text": record.text, "classes": record.nice_classes, "findings": record.findings,
            "checked_at": format_datetime_vn(record.checked_at)}


@bp.route("/cases/<int:case_id>/check.pdf")
@permission_required("mark.check_any")
def case_check_pdf(case_id: int):
    """The one-page "Phiếu tra cứu sơ bộ" of a case's latest check, for the dossier."""
    case = get_visible_or_404(Case, case_id, "case.view")
    latest = latest_mark_check(case)
    if latest is None:
        flash(_("The sign has not been checked yet: save the mark step."), "warning")
        return redirect(url_for("wizard.step", case_id=case.id, step_name="review"))
    pdf = render_pdf("pdf/mark_check.html", check=latest, case_title=case.display_title,
                     organization=case.organization.name, disclaimer=str(services.DISCLAIMER))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="tra-cuu-so-bo-{case.id}.pdf"'})


@bp.route("/indications")
@permission_required("mark.check_any")
def indications():
    """The protected geographical indications the pre-check looks for, with their sources."""
    rows = db.session.scalars(sa.select(ProtectedIndication).order_by(ProtectedIndication.country,
                                                                      ProtectedIndication.name)).all()
    return render_template("marks/indications.html", indications=rows)


@bp.route("/indications/new", methods=["GET", "POST"], defaults={"indication_id": None})
@bp.route("/indications/<int:indication_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_indication(indication_id: int | None):
    """An admin adds or corrects an indication (audited)."""
    indication = db.get_or_404(ProtectedIndication, indication_id) if indication_id else None
    form = IndicationForm(obj=indication)
    if form.validate_on_submit():
        services.save_indication(indication, form.edited_fields(), current_user)
        db.session.commit()
        flash(_("Geographical indication saved."), "success")
        return redirect(url_for("marks.indications"))
    status = 400 if request.method == "POST" else 200
    return render_template("marks/indication_form.html", form=form, indication=indication), status
