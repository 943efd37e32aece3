"""Pages of the contributions: an agency's contribution (typed, or uploaded from its Excel
template), DOST's round and chasing, and the admin's agencies. A contributor asking for another
agency's contribution gets 404 (app/security.py scopes objects by agency)."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app import clock
from app.audit import history_rows
from app.auth import services as auth_services
from app.contributions import bp, reminders, services, workbook
from app.contributions.forms import AgencyForm, ContributorForm, RoundForm, SendBackForm
from app.contributions.services import ContributionError
from app.documents.storage import UploadRejected, loose_document_path, save_loose_document
from app.extensions import db
from app.forms import EmptyForm
from app.models import Agency, CollectionRound, Contribution, ContributionValue, Role
from app.models.contribution import EDITABLE_CONTRIBUTION
from app.security import get_visible_or_404, permission_required

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/")
@permission_required("contribution.view")
def index():
    """A contributor: its agency's contributions; DOST: the rounds and the latest one's chase list."""
    if current_user.role == Role.CONTRIBUTOR:
        return render_template("contributions/agency_index.html", agency=current_user.agency,
                               contributions=services.contributions_for_agency(current_user.agency_id))
    all_rounds = services.rounds()
    if all_rounds:
        return redirect(url_for("contributions.round_page", round_id=all_rounds[0].id))
    return render_template("contributions/rounds.html", rounds=all_rounds, form=RoundForm(), collection=None)


@bp.route("/rounds", methods=["POST"])
@permission_required("contribution.manage")
def open_round():
    form = RoundForm()
    if form.validate_on_submit():
        try:
            collection = services.open_round(form.year.data, form.due_date.data, current_user)
        except ContributionError as error:
            form.year.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Round opened: the agencies can now enter their figures."), "success")
            return redirect(url_for("contributions.round_page", round_id=collection.id))
    return render_template("contributions/rounds.html", rounds=services.rounds(), form=form, collection=None), 422


@bp.route("/rounds/<int:round_id>")
@permission_required("contribution.view")
def round_page(round_id: int):
    """Who has submitted, who is late: DOST's chase list."""
    if current_user.role == Role.CONTRIBUTOR:
        abort(404)
    collection = db.get_or_404(CollectionRound, round_id)
    today = clock.today()
    rows = [(c, services.is_late(c, today)) for c in services.contributions_of(collection)]
    return render_template("contributions/rounds.html", rounds=services.rounds(), form=RoundForm(),
                           collection=collection, rows=rows, today=today, remind_form=EmptyForm())


@bp.route("/rounds/<int:round_id>/remind", methods=["POST"])
@permission_required("contribution.manage")
def remind(round_id: int):
    collection = db.get_or_404(CollectionRound, round_id)
    if EmptyForm().validate_on_submit():
        sent = reminders.remind_pending(collection, clock.today())
        db.session.commit()
        flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", sent) if sent else
              _("Nothing sent: every pending agency was already reminded today."), "success" if sent else "info")
    return redirect(url_for("contributions.round_page", round_id=round_id))


def _contribution_page(contribution: Contribution, status: int = 200, posted=None, errors=None,
                       send_back_form=None):
    values = services.values_by_figure(contribution)
    editable = current_user.role == Role.CONTRIBUTOR and contribution.status in EDITABLE_CONTRIBUTION
    typed = posted or {f.id: (services.shown_value(values.get(f.id)),
                              values[f.id].narrative if f.id in values else "")
                       for f in services.figures_of(contribution.agency)}
    return render_template(
        "contributions/contribution.html", contribution=contribution, figures=services.figures_of(contribution.agency),
        values=values, typed=typed, errors=errors or {}, editable=editable, late=services.is_late(contribution),
        action_form=EmptyForm(), send_back_form=send_back_form or SendBackForm(),
        history=history_rows(services.history(contribution)),
    ), status


@bp.route("/<int:contribution_id>", methods=["GET", "POST"])
@permission_required("contribution.view")
def contribution_page(contribution_id: int):
    contribution = get_visible_or_404(Contribution, contribution_id, "contribution.view")
    if request.method == "GET":
        return _contribution_page(contribution)
    if current_user.role != Role.CONTRIBUTOR:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    posted, entries, errors = _read_figures(contribution)
    if not errors:
        errors = _attach_files(contribution)
    if errors:
        db.session.rollback()
        return _contribution_page(db.session.get(Contribution, contribution_id), 422, posted, errors)
    try:
        services.save_values(contribution, entries, current_user)
        if request.form.get("action") == "submit":
            services.submit(contribution, current_user)
    except ContributionError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _contribution_page(db.session.get(Contribution, contribution_id), 422, posted)
    db.session.commit()
    flash(_("Sent to DOST.") if contribution.status not in EDITABLE_CONTRIBUTION else _("Saved."), "success")
    return redirect(url_for("contributions.contribution_page", contribution_id=contribution_id))


def _read_figures(contribution: Contribution):
    """The posted value and narrative per figure, checked by unit: (posted, entries, errors)."""
    posted, entries, errors = {}, {}, {}
    for figure in services.figures_of(contribution.agency):
        raw = request.form.get(f"value-{figure.id}", "").strip()
        narrative = request.form.get(f"narrative-{figure.id}", "").strip()[:5000]
        posted[figure.id] = (raw, narrative)
        try:
            amount, day = services.parse_value(figure.unit, raw)
        except ContributionError as error:
            errors[figure.id] = error.message
            continue
        entries[figure.id] = (amount, day, narrative)
    return posted, entries, errors


def _attach_files(contribution: Contribution) -> dict:
    """Keep the files chosen for figures; errors by figure id (a refused file keeps nothing)."""
    errors = {}
    for figure in services.figures_of(contribution.agency):
        upload = request.files.get(f"file-{figure.id}")
        if upload is None or not upload.filename:
            continue
        try:
            stored = save_loose_document(f"contributions/{contribution.id}", upload)
        except UploadRejected as error:
            errors[figure.id] = str(error.message)
            continue
        services.attach_file(contribution, figure.id, stored, current_user)
    return errors


def _decide(contribution_id: int, decide) -> Response:
    contribution = get_visible_or_404(Contribution, contribution_id, "contribution.manage")
    try:
        decide(contribution)
    except ContributionError as error:
        flash(error.message, "danger")
        return redirect(url_for("contributions.contribution_page", contribution_id=contribution_id))
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("contributions.contribution_page", contribution_id=contribution_id))


@bp.route("/<int:contribution_id>/accept", methods=["POST"])
@permission_required("contribution.manage")
def accept(contribution_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _decide(contribution_id, lambda c: services.accept(c, current_user))


@bp.route("/<int:contribution_id>/send-back", methods=["POST"])
@permission_required("contribution.manage")
def send_back(contribution_id: int):
    """Return a submitted contribution for correction, or reopen an accepted one."""
    form = SendBackForm()
    if not form.validate_on_submit():
        contribution = get_visible_or_404(Contribution, contribution_id, "contribution.manage")
        return _contribution_page(contribution, 422, send_back_form=form)
    return _decide(contribution_id, lambda c: services.send_back(c, form.note.data, current_user))


@bp.route("/<int:contribution_id>/template.xlsx")
@permission_required("contribution.view")
def template(contribution_id: int):
    contribution = get_visible_or_404(Contribution, contribution_id, "contribution.view")
    name = f"so-lieu-{contribution.agency.code}-{contribution.round.year}.xlsx"
    return Response(workbook.template_bytes(contribution), mimetype=XLSX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/<int:contribution_id>/upload", methods=["POST"])
@permission_required("contribution.edit")
def upload(contribution_id: int):
    """The filled-in template: every figure is taken, or none is."""
    contribution = get_visible_or_404(Contribution, contribution_id, "contribution.edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    file = request.files.get("workbook")
    try:
        if file is None or not file.filename:
            raise ContributionError(_("Choose the filled-in Excel file."))
        entries = workbook.read_upload(contribution, file.filename, file.read())
        changed = services.save_values(contribution, entries, current_user)
    except ContributionError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _contribution_page(db.session.get(Contribution, contribution_id), 422)
    db.session.commit()
    flash(ngettext("The file was read: %(num)d figure changed.", "The file was read: %(num)d figures changed.",
                   changed), "success")
    return redirect(url_for("contributions.contribution_page", contribution_id=contribution_id))


@bp.route("/<int:contribution_id>/files/<int:value_id>")
@permission_required("contribution.view")
def attached_file(contribution_id: int, value_id: int):
    contribution = get_visible_or_404(Contribution, contribution_id, "contribution.view")
    value = db.session.get(ContributionValue, value_id)
    if value is None or value.contribution_id != contribution.id or not value.stored_name:
        abort(404)
    return send_file(loose_document_path(f"contributions/{contribution.id}", value.stored_name),
                     mimetype=value.content_type, as_attachment=True, download_name=value.file_name)


# --- agencies (admin) ----------------------------------------------------------------------------

@bp.route("/agencies/")
@permission_required("agency.manage")
def agencies():
    return render_template("contributions/agencies.html", agencies=services.agencies())


@bp.route("/agencies/new", methods=["GET", "POST"])
@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
@permission_required("agency.manage")
def agency_page(agency_id: int | None = None):
    agency = db.get_or_404(Agency, agency_id) if agency_id else None
    form = AgencyForm(obj=agency if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            agency = services.save_agency(agency, {n: getattr(form, n).data for n in services.AGENCY_FIELDS},
                                          current_user)
        except ContributionError as error:
            form.code.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("contributions.agency_page", agency_id=agency.id))
    return render_template("contributions/agency.html", form=form, agency=agency, user_form=ContributorForm(),
                           users=services.agency_users(agency) if agency else []), 422 if form.errors else 200


@bp.route("/agencies/<int:agency_id>/users", methods=["POST"])
@permission_required("agency.manage")
def add_contributor(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    user_form = ContributorForm()
    if user_form.validate_on_submit():
        auth_services.create_user(email=user_form.email.data, full_name=user_form.full_name.data,
                                  password=user_form.password.data, phone=user_form.phone.data,
                                  role=Role.CONTRIBUTOR, agency_id=agency.id, must_change_password=True)
        db.session.commit()
        flash(_("Account created."), "success")
        return redirect(url_for("contributions.agency_page", agency_id=agency.id))
    return render_template("contributions/agency.html", form=AgencyForm(obj=agency), agency=agency,
                           user_form=user_form, users=services.agency_users(agency)), 422
